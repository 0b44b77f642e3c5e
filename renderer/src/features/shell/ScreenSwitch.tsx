import { useActions, useStudioState } from '../../app/StudioContext';
import { SCREENS } from './commands';

/** Explore | Train (Evaluate joins later): a segmented switch; keys 1, 2 via the command registry. */
export function ScreenSwitch() {
  const actions = useActions();
  const screen = useStudioState((s) => s.screen);
  const training = useStudioState((s) =>
    Object.values(s.training.live).some((l) => l.state === 'running'),
  );
  return (
    <nav className="screen-switch" role="tablist" aria-label="Screens">
      {SCREENS.map((s) => (
        <button
          key={s.id}
          role="tab"
          aria-selected={screen === s.id}
          className={`screen-tab ${screen === s.id ? 'on' : ''}`}
          data-testid={`screen-tab-${s.id}`}
          title={`${s.hint} (${s.key})`}
          onClick={() => void actions.run(`screen-${s.id}`)}
        >
          {s.label}
          {s.id === 'train' && training && <span className="live-dot" aria-label="training" />}
          <kbd>{s.key}</kbd>
        </button>
      ))}
    </nav>
  );
}
