import { channels } from '../../../../main/contract/channels';
import { useActions, useCommand, useStudioState } from '../../app/StudioContext';
import { NumberField } from '../../ui/NumberField';
import { ImageGrid } from '../explore/ImageGrid';
import { SelectField } from '../../ui/SelectField';

const countSchema = channels['latent.breed'].request.shape.count;
const OPERATIONS = [
  { id: 'crossover', label: 'Crossover (chunks of each parent)' },
  { id: 'blend', label: 'Blend (a random mix)' },
  { id: 'mutate', label: 'Mutate only' },
] as const;

/** Children of the selected parents, in a grid that can be selected and bred again. */
export function BreedPanel() {
  const actions = useActions();
  const breeding = useStudioState((s) => s.doc.breeding);
  const parents = useStudioState((s) => s.doc.selection.length);
  const breed = useCommand('breed');
  const keep = useCommand('keep-children');
  const pickedChildren = useStudioState(
    (s) => s.doc.selection.filter((k) => s.doc.breeding.children.includes(k)).length,
  );
  return (
    <div className="breed-panel" data-testid="breed-panel">
      <div className="controls">
        <SelectField
          label="How"
          testId="breed-operation"
          value={breeding.operation}
          options={OPERATIONS.map((o) => ({ value: o.id, label: o.label }))}
          onChange={(operation) => actions.setBreeding({ operation })}
        />
        <label className="field breed-strength">
          <span className="field-label">Mutation {breeding.strength.toFixed(2)}</span>
          <input
            type="range"
            className="slider"
            data-testid="breed-strength"
            min={0}
            max={1}
            step={0.01}
            value={breeding.strength}
            onChange={(e) => actions.setBreeding({ strength: Number(e.target.value) })}
          />
        </label>
        <NumberField
          label="Children"
          testId="breed-count"
          value={breeding.count}
          schema={countSchema}
          width={64}
          onChange={(count) => actions.setBreeding({ count })}
        />
        <button
          className="button primary"
          data-testid="breed-button"
          disabled={!breed.enabled}
          onClick={() => breed.run()}
        >
          Breed {parents > 0 ? `${parents} parent${parents === 1 ? '' : 's'}` : ''} <kbd>B</kbd>
        </button>
      </div>
      <p className="muted tool-hint">
        {breeding.children.length > 0
          ? 'Select children (Ctrl-click for several) and breed again, or keep the ones you like.'
          : 'Select parents in the grid (two or more to cross them), then Breed.'}
      </p>
      {breeding.children.length > 0 && (
        <>
          <div className="breed-grid">
            <ImageGrid keys={breeding.children} testPrefix="child-tile" empty="" />
          </div>
          <div className="controls">
            <button
              className="button"
              data-testid="keep-children"
              disabled={!keep.enabled}
              onClick={() => keep.run()}
            >
              Keep selected children ({pickedChildren})
            </button>
          </div>
        </>
      )}
    </div>
  );
}
