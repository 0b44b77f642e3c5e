// `npm start`: the desktop app where Electron is installed, else the browser shell (saying so).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    // The electron package exports the path of its binary, and throws when the download failed.
    const path = require('electron');
    return typeof path === 'string' ? path : null;
  } catch {
    return null;
  }
}

const electron = electronBinary();
const args = electron ? ['.'] : ['bin/latent-studio.cjs', 'serve', ...process.argv.slice(2)];
if (!electron) {
  console.log(
    'Electron is not installed on this machine (its binary download failed or was skipped),',
  );
  console.log(
    'so Latent Studio starts its browser shell: open the URL below in a browser on this machine.',
  );
}
const child = spawn(electron ?? process.execPath, args, { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
