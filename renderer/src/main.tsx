import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createActions } from './app/actions';
import { App } from './app/App';
import { StudioContext } from './app/StudioContext';
import './commands';
import { createStudioStore } from './store/store';
import { createTransport } from './transport';
import './styles.css';

const transport = createTransport();
const store = createStudioStore();
const actions = createActions({ api: transport, store });

const root = document.getElementById('root');
if (!root) throw new Error('Missing #root');
createRoot(root).render(
  <StrictMode>
    <StudioContext.Provider value={{ store, actions }}>
      <App transport={transport} />
    </StudioContext.Provider>
  </StrictMode>,
);
