import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dispatch } from '../contract/dispatch';
import type { ChannelName, Req, Res } from '../contract/channels';
import { defaultDataDir } from '../engine/paths';
import { createStudio, type Studio } from '../engine/studio';
import { unwrap } from './output';

/** The package root: two levels above this file both in source (main/cli) and when bundled (dist/cli). */
export function packageRoot(): string {
  return (
    process.env.LATENT_STUDIO_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..')
  );
}

export interface CliContext {
  studio: Studio;
  call<C extends ChannelName>(channel: C, request: Req<C>): Promise<Res<C>>;
}

/** The CLI drives the very same engine and dispatch gate as the other shells. */
export async function openCliContext(shell: 'cli' | 'browser' = 'cli'): Promise<CliContext> {
  const studio = await createStudio({
    dataDir: defaultDataDir(),
    assetsDir: join(packageRoot(), 'assets'),
    shell,
  });
  return {
    studio,
    call: async (channel, request) => unwrap(await dispatch(studio.handlers, channel, request)),
  };
}
