// The loopback server in a process of its own, from source, so a test can see whether it survives.
// Env: LATENT_STUDIO_DATA_DIR (required), SERVE_LIMITS (JSON of SessionLimits, optional).
import { join } from 'node:path';
import { createStudio } from '../../main/engine/studio';
import { startServer } from '../../main/server/server';
import { REPO_ROOT } from '../support/temp-studio';

const studio = await createStudio({
  dataDir: process.env.LATENT_STUDIO_DATA_DIR!,
  assetsDir: join(REPO_ROOT, 'assets'),
  shell: 'browser',
});
const server = await startServer({
  studio,
  rendererDir: join(REPO_ROOT, 'test', 'fixtures', 'static'),
  limits: process.env.SERVE_LIMITS ? (JSON.parse(process.env.SERVE_LIMITS) as object) : undefined,
});
process.stdout.write(`${server.url}\n`);
