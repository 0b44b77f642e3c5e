import { useActions, useStudioState } from '../../app/StudioContext';
import { isMac } from '../../app/platform';
import { shortcutLabel } from '../../commands';
import {
  describeModel,
  formatLabel,
  providerLabel,
  providerTitle,
  runtimeLabel,
  sourceLabel,
} from './describe';
import { ProjectMenu } from '../project/ProjectMenu';
import { ScreenSwitch } from './ScreenSwitch';

export function Header() {
  const actions = useActions();
  const models = useStudioState((s) => s.models);
  const modelId = useStudioState((s) => s.doc.modelId);
  const info = useStudioState((s) => s.info);
  const exploring = useStudioState((s) => s.screen === 'explore');
  const model = models.find((m) => m.id === modelId);
  const hasRecord = useStudioState((s) => (modelId ? s.training.hasRecord[modelId] : false));
  // In a narrow window the select and the facts are cut with an ellipsis: the tooltip says all.
  const modelTitle = model
    ? `${model.name} — ${sourceLabel(model.source)} · ${formatLabel(model.props)} · ${describeModel(model.props)}`
    : undefined;
  return (
    <>
      <header className="header">
        <div className="brand">
          <span className="brand-mark" aria-hidden>
            ◐
          </span>
          <span className="brand-name">Latent Studio</span>
        </div>
        <ScreenSwitch />
        <ProjectMenu />
        <div className="model-block" hidden={!exploring}>
          <div className="model-row">
            <label className="field-label" htmlFor="model-picker">
              Model
            </label>
            <select
              id="model-picker"
              data-testid="model-picker"
              className="model-select"
              title={modelTitle}
              value={modelId ?? ''}
              onChange={(e) => void actions.selectModel(e.target.value)}
              disabled={models.length === 0}
            >
              {models.length === 0 && <option value="">No models yet</option>}
              {models.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} — {sourceLabel(m.source).toLowerCase()}
                </option>
              ))}
            </select>
          </div>
          {model && (
            <div className="model-facts" data-testid="model-facts" title={modelTitle}>
              {/* The link first: in a narrow window the facts after it are cut, never the link. */}
              {hasRecord && (
                <button
                  className="link-button"
                  data-testid="model-record"
                  title="Losses, FID/KID and diversity of this model's training run (on the Train screen)"
                  onClick={() => void actions.run('train-show-record')}
                >
                  Training record
                </button>
              )}
              <span className="pill">{formatLabel(model.props)}</span>
              <span className="pill">{sourceLabel(model.source)}</span>
              <span className="model-props">{describeModel(model.props)}</span>
            </div>
          )}
        </div>
        <div className="header-right">
          <label className="button ghost" title="Open a PNG saved by Latent Studio (Ctrl+O)">
            Open PNG…
            <input
              id="open-png-input"
              data-testid="open-png-input"
              type="file"
              accept="image/png"
              hidden
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void actions.openFile(file);
              }}
            />
          </label>
          <button
            className="button ghost"
            onClick={() => void actions.run('command-palette')}
            title="Command palette"
          >
            Commands <kbd>{shortcutLabel('Mod+K', isMac())}</kbd>
          </button>
          {info && (
            <div
              className="runtime"
              data-testid="runtime-info"
              title={`Data folder: ${info.dataDir}`}
            >
              <div>
                v{info.appVersion} · {info.shell}
              </div>
              <div className="muted">
                {runtimeLabel('ONNX', info.runtimes.onnx)} ·{' '}
                {runtimeLabel('TF.js', info.runtimes.tfjs)}
              </div>
              <div
                className="muted"
                data-testid="runtime-provider"
                data-provider={info.provider.name}
                title={`${providerTitle(info.provider)}\nTF.js native: ${info.tfjsNative}`}
              >
                {providerLabel(info.provider)}
              </div>
            </div>
          )}
        </div>
      </header>
      {exploring && model && (model.note || model.props.warnings.length > 0) && (
        <div className="model-notes">
          {model.note && (
            <span className="model-note" data-testid="model-note">
              <span className="note-icon" aria-hidden>
                i
              </span>
              {model.note}
            </span>
          )}
          {model.props.warnings.map((w) => (
            <span key={w} className="model-warning">
              ⚠ {w}
            </span>
          ))}
        </div>
      )}
    </>
  );
}
