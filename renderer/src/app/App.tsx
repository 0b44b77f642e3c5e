import { useEffect } from 'react';
import { EvaluateScreen } from '../features/evaluate/EvaluateScreen';
import { ExploreScreen } from '../features/explore/ExploreScreen';
import { VideoDialog } from '../features/animation/VideoDialog';
import { ProjectDialogs } from '../features/project/ProjectDialogs';
import { CommandPalette } from '../features/shell/CommandPalette';
import { ConnectionBanner, ProgressBar, Toasts } from '../features/shell/Feedback';
import { Header } from '../features/shell/Header';
import { ShortcutsHelp } from '../features/shell/ShortcutsHelp';
import { TextScreen } from '../features/text/TextScreen';
import { TrainScreen } from '../features/train/TrainScreen';
import type { StudioTransport } from '../transport';
import { useShortcuts, usePngDrop } from './useGlobalInput';
import { useStudio, useStudioState } from './StudioContext';

export function App({ transport }: { transport: StudioTransport }) {
  const { store, actions } = useStudio();
  useShortcuts();
  const dragging = usePngDrop();
  const screen = useStudioState((s) => s.screen);

  useEffect(() => {
    const offProgress = actions.watchProgress();
    const offMenu = actions.watchMenu();
    const offTraining = actions.watchTraining();
    actions.loadRecentFolders();
    const initial = transport.connectionState();
    store.setState({ connection: initial, everConnected: initial === 'open' });
    const offConn = transport.onConnectionChange((connection) => {
      const was = store.getState().connection;
      store.setState((s) => ({
        connection,
        everConnected: s.everConnected || connection === 'open',
      }));
      if (connection === 'open' && was === 'disconnected') {
        void actions.init();
        void actions.refreshRuns(true);
      }
    });
    void actions.init();
    void actions.refreshRuns(true);
    return () => {
      offProgress();
      offMenu();
      offTraining();
      offConn();
    };
  }, [store, actions, transport]);

  return (
    <div className="app">
      <Header />
      <ConnectionBanner />
      <ProgressBar />
      {screen === 'train' && <TrainScreen />}
      {screen === 'evaluate' && <EvaluateScreen />}
      {screen === 'text' && <TextScreen />}
      <ExploreScreen hidden={screen !== 'explore'} />
      <Toasts />
      <CommandPalette />
      <ShortcutsHelp />
      <ProjectDialogs />
      <VideoDialog />
      {dragging && (
        <div className="drop-overlay">
          Drop a PNG saved by Latent Studio to restore its latent, or any picture to find it in the
          latent space
        </div>
      )}
    </div>
  );
}
