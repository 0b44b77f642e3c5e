import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createActions } from './app/actions';
import { App } from './app/App';
import { StudioContext } from './app/StudioContext';
import './commands';
import { withDiffusionSampling } from './features/diffusion/sampling-api';
import { createStudioStore } from './store/store';
import { createTransport } from './transport';
import './styles.css';

const transport = createTransport();
const store = createStudioStore();
// Diffusion models get the chosen sampler settings on every render and export request.
const actions = createActions({ api: withDiffusionSampling(transport, store), store });

const root = document.getElementById('root');
if (!root) throw new Error('Missing #root');
createRoot(root).render(
  <StrictMode>
    <StudioContext.Provider value={{ store, actions }}>
      <App transport={transport} />
    </StudioContext.Provider>
  </StrictMode>,
);
