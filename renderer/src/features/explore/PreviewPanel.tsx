import { useCommand, useStudioState } from '../../app/StudioContext';
import { FrameCanvas } from '../../pixels/FrameCanvas';
import { LineagePanel } from './LineagePanel';

/** The live blend under the probe, drawn large, with the weights in words; then the lineage. */
export function PreviewPanel() {
  const frame = useStudioState((s) => s.probe.frame);
  const weights = useStudioState((s) => s.probe.weights);
  const anchors = useStudioState((s) => s.doc.anchors);
  const images = useStudioState((s) => s.doc.images);
  const keep = useCommand('keep-preview');
  return (
    <aside className="right-column">
      <section className="panel preview" aria-label="Preview">
        <div className="panel-head">
          <h2>Preview</h2>
          <span className="muted">{frame ? `${frame.width}×${frame.height}` : ''}</span>
        </div>
        <div className="preview-box">
          <FrameCanvas
            frame={frame}
            hash
            testId="probe-preview"
            className="preview-canvas"
            label="Blended preview"
          />
          {!frame && (
            <div className="preview-empty">
              Move over the canvas near an anchor to see the blend here.
            </div>
          )}
        </div>
        <div className="weights">
          {weights.length === 0 ? (
            <div className="muted">
              {anchors.length === 0
                ? 'No anchors on the canvas yet.'
                : 'The probe is not near any anchor.'}
            </div>
          ) : (
            <>
              <div className="weights-title">
                {weights.length === 1 ? 'One anchor' : `Blend of ${weights.length} anchors`}
                <button
                  className="button small"
                  data-testid="keep-preview-button"
                  disabled={!keep.enabled}
                  onClick={() => keep.run()}
                  title="Keep this blend as an image of the project (K)"
                >
                  Keep <kbd>K</kbd>
                </button>
              </div>
              {weights.map((w) => {
                const anchor = anchors.find((a) => a.id === w.anchorId);
                const label = anchor ? images[anchor.key]?.label : undefined;
                return (
                  <div className="weight-row" key={w.anchorId}>
                    <span className="weight-label">{label ?? 'Anchor'}</span>
                    <span className="weight-bar">
                      <span style={{ width: `${w.weight * 100}%` }} />
                    </span>
                    <span className="weight-pct">{Math.round(w.weight * 100)}%</span>
                  </div>
                );
              })}
            </>
          )}
        </div>
      </section>
      <LineagePanel />
    </aside>
  );
}
