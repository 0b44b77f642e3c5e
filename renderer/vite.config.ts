import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is built on its own: root renderer/, output dist/renderer, relative base so the
// same files load from file:// in Electron and from the loopback server in a browser.
// For `vite dev`, set LATENT_STUDIO_ENGINE=http://127.0.0.1:<port> to proxy /ws to a running
// `latent-studio serve`, then open http://localhost:5173/?token=<token>.
const engine = process.env.LATENT_STUDIO_ENGINE;

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  server: engine ? { proxy: { '/ws': { target: engine.replace(/^http/, 'ws'), ws: true } } } : {},
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
});
