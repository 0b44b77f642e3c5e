import { useActions, useCommand, useStudioState } from '../../app/StudioContext';
import { inDesktopShell } from '../../app/platform';
import { currentModel } from '../../store/selectors';
import { OutputSizeFields } from '../../ui/OutputSizeFields';
import { downloads } from './exporting';

/** Where exports go, how PNGs are named and how large they are. */
export function ExportPanel() {
  const actions = useActions();
  const settings = useStudioState((s) => s.doc.exportSettings);
  const model = useStudioState(currentModel);
  const selected = useStudioState((s) => s.doc.selection.length);
  const exportPng = useCommand('export-selected');
  const sheet = useCommand('export-sprite-sheet');
  const set = actions.setExportSettings;
  return (
    <div className="export-panel" data-testid="export-panel">
      <label className="field">
        <span className="field-label">
          Export folder{' '}
          <span className="muted">
            {inDesktopShell()
              ? '(empty: the data folder’s exports)'
              : '(on the engine’s machine; empty: download to this browser)'}
          </span>
        </span>
        <span className="folder-row">
          <input
            className="input folder-input"
            data-testid="export-folder"
            spellCheck={false}
            placeholder={inDesktopShell() ? 'exports in the data folder' : 'download'}
            value={settings.folder}
            onChange={(e) => set({ folder: e.target.value })}
          />
          {inDesktopShell() && (
            <button
              className="button"
              data-testid="export-browse"
              onClick={() => void actions.pickFolder().then((p) => p && set({ folder: p }))}
            >
              Choose…
            </button>
          )}
        </span>
      </label>
      <div className="controls">
        <label className="field">
          <span className="field-label">PNG names</span>
          <input
            className="input"
            data-testid="export-template"
            spellCheck={false}
            value={settings.template}
            onChange={(e) => set({ template: e.target.value })}
          />
        </label>
        <OutputSizeFields
          value={settings}
          onChange={set}
          modelSize={model?.props}
          testIdPrefix="export"
        />
      </div>
      <p className="muted tool-hint">
        Names fill in {'{model}'}, {'{seed}'}, {'{index}'}, {'{name}'} and {'{date}'}. Every PNG
        carries its exact latent: drop it back in to restore it. Existing files are never replaced
        without asking.
      </p>
      <div className="controls">
        <button
          className="button primary"
          data-testid="export-batch-button"
          disabled={!exportPng.enabled}
          onClick={() => exportPng.run()}
        >
          {downloads(settings.folder) ? 'Download' : 'Export'} {selected > 0 ? selected : ''} PNG
          {selected === 1 ? '' : 's'}
        </button>
        <button
          className="button"
          disabled={!sheet.enabled}
          onClick={() => sheet.run()}
          title="The keyframe path's frames, or else the selection, as one PNG grid with a JSON atlas"
        >
          Sprite sheet
        </button>
      </div>
    </div>
  );
}
