// `npm start`: the desktop app where Electron is installed, else the browser shell (saying so).
import { spawn } from 'node:child_process';
import { findElectronBinary } from './electron-binary.mjs';

const { path: electron, reason } = findElectronBinary();
const args = electron ? ['.'] : ['bin/latent-studio.cjs', 'serve', ...process.argv.slice(2)];
if (!electron) {
  console.log(`Electron cannot start on this machine (${reason}),`);
  console.log(
    'so Latent Studio starts its browser shell: open the URL below in a browser on this machine.',
  );
}
const child = spawn(electron ?? process.execPath, args, { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
