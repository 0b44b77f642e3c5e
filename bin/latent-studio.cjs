#!/usr/bin/env node
// Entry of the `latent-studio` command: loads the built CLI (npm run build makes dist/cli).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const cli = join(__dirname, '..', 'dist', 'cli', 'latent-studio.mjs');
if (!existsSync(cli)) {
  process.stderr.write('latent-studio: not built yet; run "npm run build" first\n');
  process.exit(1);
}
import(pathToFileURL(cli).href).catch((err) => {
  process.stderr.write(
    `latent-studio: failed to start: ${err && err.message ? err.message : err}\n`,
  );
  process.exit(1);
});
