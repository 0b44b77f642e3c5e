import { useEffect, useMemo, useState } from 'react';
import { useActions, useCommand, useStudioState } from '../../app/StudioContext';
import { FrameCanvas } from '../../pixels/FrameCanvas';
import { sliderDirections } from './directions';

const RANGE = 5;

/**
 * Directions: PCA sliders that move the current image (the newest selected), named and saved in
 * the project; attribute vectors from two picked sets; A − B + C.
 */
export function DirectionsPanel() {
  const actions = useActions();
  const saved = useStudioState((s) => s.doc.directions);
  const modelId = useStudioState((s) => s.doc.modelId);
  const found = useStudioState((s) =>
    s.foundDirections?.modelId === s.doc.modelId ? s.foundDirections.list : null,
  );
  const amounts = useStudioState((s) => s.directionAmounts);
  const preview = useStudioState((s) => s.directionPreview);
  const baseKey = useStudioState((s) => s.doc.selection.at(-1) ?? null);
  const base = useStudioState((s) => (baseKey ? s.doc.images[baseKey] : undefined));
  const baseFrame = useStudioState((s) => (baseKey ? s.frames[baseKey] : undefined));
  const compute = useCommand('compute-directions');
  const keep = useCommand('keep-moved');
  const all = useMemo(() => sliderDirections(saved, found ?? []), [saved, found]);
  // A new current image starts from zero on every slider.
  useEffect(() => actions.resetDirections(), [baseKey, modelId, actions]);
  return (
    <div className="directions-panel" data-testid="directions-panel">
      <div className="controls">
        <button
          className="button primary"
          data-testid="compute-directions-button"
          disabled={!compute.enabled}
          onClick={() => compute.run()}
          title="Principal components of 512 sampled images' features, mapped back to latent directions"
        >
          Find directions (PCA)
        </button>
        <span className="muted tool-hint">
          {found
            ? `${found.length} found · ${found[0]?.features ?? ''}`
            : 'GANSpace-style: the main ways the images vary.'}
        </span>
      </div>
      <div className="moved">
        <figure>
          <FrameCanvas frame={baseFrame} className="moved-canvas" label="Current image" />
          <figcaption className="muted">{base ? base.label : 'Select an image'}</figcaption>
        </figure>
        <span className="moved-arrow" aria-hidden>
          →
        </span>
        <figure>
          <FrameCanvas
            frame={preview?.frame}
            hash
            testId="direction-preview"
            className="moved-canvas"
            label="Moved image"
          />
          <figcaption className="muted">moved</figcaption>
        </figure>
        <div className="moved-tools">
          <button
            className="button"
            data-testid="keep-moved-button"
            disabled={!keep.enabled}
            onClick={() => keep.run()}
          >
            Keep
          </button>
          <button className="button ghost" onClick={() => actions.resetDirections()}>
            Reset
          </button>
        </div>
      </div>
      {all.length === 0 ? (
        <p className="muted tool-hint">
          Find directions, or make one from two sets of images below; then move the sliders.
        </p>
      ) : (
        <ul className="sliders" data-testid="direction-sliders">
          {all.map((d, i) => (
            <li key={d.id} className="direction-row">
              <DirectionName direction={d} />
              <input
                type="range"
                className="slider"
                data-testid={`direction-slider-${i}`}
                aria-label={`Move along ${d.name}`}
                min={-RANGE}
                max={RANGE}
                step={0.1}
                value={amounts[d.id] ?? 0}
                disabled={!base}
                onChange={(e) => actions.setDirectionAmount(d.id, Number(e.target.value))}
              />
              <span className="muted direction-amount">{(amounts[d.id] ?? 0).toFixed(1)}</span>
            </li>
          ))}
        </ul>
      )}
      <AttributeVector />
      <Arithmetic />
    </div>
  );
}

function DirectionName({ direction }: { direction: ReturnType<typeof sliderDirections>[number] }) {
  const actions = useActions();
  const [name, setName] = useState(direction.name);
  const source = direction.source;
  const detail =
    source.method === 'pca'
      ? `${(source.explained * 100).toFixed(1)}% of the variation`
      : source.method === 'attribute'
        ? `mean of ${source.setA.length} − mean of ${source.setB.length}`
        : '';
  return (
    <span className="direction-name">
      <input
        className="input"
        aria-label="Direction name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        onBlur={() =>
          direction.saved && name !== direction.name && actions.saveDirection(direction, name)
        }
        onKeyDown={(e) => {
          if (e.key === 'Enter') actions.saveDirection(direction, name);
        }}
      />
      <span className="muted">{detail}</span>
      {direction.saved ? (
        <button
          className="icon-button"
          aria-label={`Remove ${direction.name}`}
          onClick={() => actions.removeDirection(direction.id)}
        >
          ✕
        </button>
      ) : (
        <button
          className="button small"
          data-testid="save-direction"
          onClick={() => actions.saveDirection(direction, name)}
          title="Keep this direction in the project under this name"
        >
          Save
        </button>
      )}
    </span>
  );
}

/** Set A and set B from the selection; their mean difference becomes a named direction. */
function AttributeVector() {
  const actions = useActions();
  const selection = useStudioState((s) => s.doc.selection);
  const [setA, setSetA] = useState<string[]>([]);
  const [setB, setSetB] = useState<string[]>([]);
  const [name, setName] = useState('');
  return (
    <section className="tool-section" aria-label="Attribute vector">
      <h3>Attribute vector (mean of A − mean of B)</h3>
      <div className="controls">
        <button
          className="button small"
          data-testid="attribute-set-a"
          disabled={selection.length === 0}
          onClick={() => setSetA([...selection])}
        >
          Selection → A ({setA.length})
        </button>
        <button
          className="button small"
          data-testid="attribute-set-b"
          disabled={selection.length === 0}
          onClick={() => setSetB([...selection])}
        >
          Selection → B ({setB.length})
        </button>
        <input
          className="input"
          placeholder="name, e.g. smiling"
          value={name}
          data-testid="attribute-name"
          onChange={(e) => setName(e.target.value)}
        />
        <button
          className="button"
          data-testid="attribute-make"
          disabled={setA.length === 0 || setB.length === 0}
          onClick={() => void actions.attributeVector(setA, setB, name)}
        >
          Make direction
        </button>
      </div>
    </section>
  );
}

function Arithmetic() {
  const arithmetic = useCommand('latent-arithmetic');
  const n = useStudioState((s) => s.doc.selection.length);
  return (
    <section className="tool-section" aria-label="Latent arithmetic">
      <h3>Latent arithmetic</h3>
      <div className="controls">
        <span className="muted tool-hint">
          Select A, B and C in that order ({Math.min(n, 3)} of 3): A − B + C lands on the canvas.
        </span>
        <button
          className="button"
          data-testid="arithmetic-button"
          disabled={!arithmetic.enabled}
          onClick={() => arithmetic.run()}
        >
          A − B + C <kbd>M</kbd>
        </button>
      </div>
    </section>
  );
}
