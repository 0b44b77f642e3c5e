import { useEffect } from 'react';
import { ExploreCanvas } from '../components/explore/ExploreCanvas';
import { PreviewPanel } from '../components/explore/PreviewPanel';
import { ConnectionBanner, ProgressBar, Toasts } from '../components/feedback/Feedback';
import { SamplingPanel } from '../components/grid/SamplingPanel';
import { Header } from '../components/header/Header';
import { CommandPalette } from '../components/palette/CommandPalette';
import { StripPanel } from '../components/strip/StripPanel';
import { EvaluateScreen } from '../components/evaluate/EvaluateScreen';
import { TrainScreen } from '../components/train/TrainScreen';
import { DiffusionPanel } from '../diffusion/DiffusionPanel';
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
    store.set({ connection: initial, everConnected: initial === 'open' });
    const offConn = transport.onConnectionChange((connection) => {
      const was = store.get().connection;
      store.set((s) => ({ connection, everConnected: s.everConnected || connection === 'open' }));
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
      <main className="workspace" data-testid="screen-explore" hidden={screen !== 'explore'}>
        <SamplingPanel />
        <div className="center">
          <section className="panel explore" aria-label="Explore">
            <div className="panel-head">
              <h2>Explore</h2>
              <span className="muted">
                Anchors blend by distance · drag to move · double-click to remove
              </span>
            </div>
            <ExploreCanvas />
          </section>
          <DiffusionPanel />
          <StripPanel />
        </div>
        <PreviewPanel />
      </main>
      <Toasts />
      <CommandPalette />
      {dragging && (
        <div className="drop-overlay">Drop a PNG saved by Latent Studio to restore its latent</div>
      )}
    </div>
  );
}
