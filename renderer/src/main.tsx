import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createActions } from './actions';
import { App } from './app/App';
import { StudioContext } from './app/StudioContext';
import './commands';
import { createStore } from './state/store';
import { initialState } from './state/studio';
import { createTransport } from './transport';
import { diffusionStore } from './diffusion/diffusion-store';
import { withDiffusionSampling } from './diffusion/sampling-api';
import './styles.css';

const transport = createTransport();
const store = createStore(initialState);
const isDiffusion = (id: string) =>
  store.get().models.some((m) => m.id === id && m.kind === 'diffusion');
const api = withDiffusionSampling(transport, isDiffusion, diffusionStore);
const actions = createActions({ api, store });

const root = document.getElementById('root');
if (!root) throw new Error('Missing #root');
createRoot(root).render(
  <StrictMode>
    <StudioContext.Provider value={{ store, actions }}>
      <App transport={transport} />
    </StudioContext.Provider>
  </StrictMode>,
);
