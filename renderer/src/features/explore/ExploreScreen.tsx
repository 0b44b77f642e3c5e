import { useStudioState } from '../../app/StudioContext';
import { DiffusionPanel } from '../diffusion/DiffusionPanel';
import { PixelCnnPanel } from '../pixelcnn/PixelCnnPanel';
import { ExploreCanvas } from './ExploreCanvas';
import { LargeView } from './LargeView';
import { PreviewPanel } from './PreviewPanel';
import { SamplingPanel } from './SamplingPanel';
import { ToolPanel } from './ToolPanel';

/** Explore: the grid on the left, the canvas and its tools in the middle, the preview on the right. */
export function ExploreScreen({ hidden }: { hidden: boolean }) {
  const anchors = useStudioState((s) => s.doc.anchors.length);
  return (
    <main className="workspace" data-testid="screen-explore" hidden={hidden}>
      <SamplingPanel />
      <div className="center">
        <section className="panel explore" aria-label="Explore">
          <div className="panel-head">
            <h2>Explore</h2>
            <span className="muted">
              {anchors > 0
                ? 'Anchors blend by distance · drag to move · double-click to remove · K keeps the blend'
                : 'Anchors blend by distance'}
            </span>
          </div>
          <ExploreCanvas />
        </section>
        <DiffusionPanel />
        <PixelCnnPanel />
        <ToolPanel />
      </div>
      <PreviewPanel />
      <LargeView />
    </main>
  );
}
