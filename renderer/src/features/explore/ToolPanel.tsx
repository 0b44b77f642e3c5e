import { useActions, useStudioState } from '../../app/StudioContext';
import type { ToolTab } from '../../store/state';
import { PathPanel } from '../animation/PathPanel';
import { BreedPanel } from '../latent-tools/BreedPanel';
import { DirectionsPanel } from '../latent-tools/DirectionsPanel';
import { ImagePanel } from '../latent-tools/ImagePanel';
import { ExportPanel } from './ExportPanel';
import { StripPanel } from './StripPanel';

const TABS: { id: ToolTab; label: string }[] = [
  { id: 'strip', label: 'Interpolation' },
  { id: 'path', label: 'Keyframe path' },
  { id: 'directions', label: 'Directions' },
  { id: 'breed', label: 'Breed' },
  { id: 'image', label: 'Image → latent' },
  { id: 'export', label: 'Export' },
];

/** The tools under the canvas, one tab at a time so they fit a small window. */
export function ToolPanel() {
  const actions = useActions();
  const tab = useStudioState((s) => s.toolTab);
  return (
    <section className="panel tools" aria-label="Tools">
      <div className="tabs tool-tabs" role="tablist">
        {TABS.map((t) => (
          <button
            key={t.id}
            role="tab"
            aria-selected={tab === t.id}
            className={`tab ${tab === t.id ? 'on' : ''}`}
            data-testid={`tool-tab-${t.id}`}
            onClick={() => actions.setView({ toolTab: t.id })}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tab === 'strip' && <StripPanel />}
      {tab === 'path' && <PathPanel />}
      {tab === 'directions' && <DirectionsPanel />}
      {tab === 'breed' && <BreedPanel />}
      {tab === 'image' && <ImagePanel />}
      {tab === 'export' && <ExportPanel />}
    </section>
  );
}
