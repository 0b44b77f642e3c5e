import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStudio, type Studio } from '../../main/engine/studio';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const FIXTURE_MODELS = join(REPO_ROOT, 'test', 'fixtures', 'models');
export const fixtureModel = (name: string) => join(FIXTURE_MODELS, name);

/** A real engine over the repo's assets and a fresh temp data folder, removed afterwards. */
export async function openTempStudio(
  shell: 'cli' | 'browser' | 'electron' = 'cli',
): Promise<{ studio: Studio; dataDir: string; close(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'latent-studio-test-'));
  const studio = await createStudio({ dataDir, assetsDir: join(REPO_ROOT, 'assets'), shell });
  return {
    studio,
    dataDir,
    async close() {
      await studio.dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
