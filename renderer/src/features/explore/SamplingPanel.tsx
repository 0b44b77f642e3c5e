import { useEffect } from 'react';
import { channels } from '../../../../main/contract/channels';
import { seedSchema, truncationSchema } from '../../../../main/contract/latent-spec';
import { useActions, useCommand, useStudioState } from '../../app/StudioContext';
import { NumberField } from '../../ui/NumberField';
import { ImageGrid } from './ImageGrid';
import { SelectionBar } from './SelectionBar';

const countSchema = channels['render.grid'].request.shape.count;

export function SamplingPanel() {
  const actions = useActions();
  const sampling = useStudioState((s) => s.doc.sampling);
  const tab = useStudioState((s) => s.leftTab);
  const gridKeys = useStudioState((s) => s.doc.gridKeys);
  const kept = useStudioState((s) => s.doc.kept);
  const favourites = useStudioState((s) => s.favourites);
  const favouriteItems = useStudioState((s) => s.favouriteItems);
  const modelId = useStudioState((s) => s.doc.modelId);
  const sample = useCommand('sample');
  const reroll = useCommand('reroll');

  useEffect(() => {
    if (tab === 'favourites') void actions.loadFavouriteItems();
  }, [tab, favourites, modelId, actions]);

  const favCount = favourites.filter((f) => f.modelId === modelId).length;
  const tabs = [
    { id: 'samples' as const, label: 'Grid', command: 'show-grid' as const },
    {
      id: 'kept' as const,
      label: `Kept${kept.length > 0 ? ` (${kept.length})` : ''}`,
      command: 'show-kept' as const,
    },
    {
      id: 'favourites' as const,
      label: `Favourites${favCount > 0 ? ` (${favCount})` : ''}`,
      command: 'show-favourites' as const,
    },
  ];

  return (
    <section className="panel sampling" aria-label="Sampling">
      <div className="panel-head">
        <h2>Samples</h2>
      </div>
      <div className="controls">
        <NumberField
          label="Seed"
          testId="seed-input"
          value={sampling.seed}
          schema={seedSchema}
          width={124}
          onChange={(seed) => actions.setSampling({ seed })}
          onEnter={() => sample.run()}
        />
        <NumberField
          label="Count"
          testId="count-input"
          value={sampling.count}
          schema={countSchema}
          width={64}
          onChange={(count) => actions.setSampling({ count })}
          onEnter={() => sample.run()}
        />
        <NumberField
          label="Truncation"
          testId="truncation-input"
          value={sampling.truncation}
          schema={truncationSchema}
          step={0.05}
          width={72}
          title="Lower values stay closer to the average image; 1 is the plain distribution"
          onChange={(truncation) => actions.setSampling({ truncation })}
          onEnter={() => sample.run()}
        />
      </div>
      <div className="controls">
        <button
          className="button primary"
          data-testid="sample-button"
          disabled={!sample.enabled}
          onClick={() => sample.run()}
        >
          Sample <kbd>S</kbd>
        </button>
        <button
          className="button"
          data-testid="reroll-button"
          disabled={!reroll.enabled}
          onClick={() => reroll.run()}
        >
          Reroll <kbd>R</kbd>
        </button>
      </div>
      <div className="tabs" role="tablist">
        {tabs.map((t) => (
          <button
            key={t.id}
            role="tab"
            data-testid={`${t.id}-tab`}
            aria-selected={tab === t.id}
            className={`tab ${tab === t.id ? 'on' : ''}`}
            onClick={() => void actions.run(t.command)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tab === 'samples' && (
        <ImageGrid
          keys={gridKeys}
          testPrefix="grid-tile"
          empty="Press Sample to draw images from the model."
        />
      )}
      {tab === 'kept' && (
        <ImageGrid
          keys={kept}
          testPrefix="kept-tile"
          empty="Blends you keep (K on the canvas), opened PNGs, bred children and encoded images collect here."
        />
      )}
      {tab === 'favourites' && (
        <ImageGrid
          keys={favouriteItems.map((i) => i.key)}
          testPrefix="favourite-tile"
          favourites
          empty="Star images to keep them here (across projects)."
        />
      )}
      <SelectionBar />
    </section>
  );
}
