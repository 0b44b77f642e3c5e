import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dispatch } from '../contract/dispatch';
import type { ChannelName, EventPayload, Req, Res } from '../contract/channels';
import { defaultDataDir } from '../engine/paths';
import type { ProviderChoice } from '../engine/models/inference-provider';
import { createStudio, type Studio } from '../engine/studio';
import { unwrap } from './output';

/** The package root: two levels above this file both in source (main/cli) and when bundled (dist/cli). */
export function packageRoot(): string {
  return (
    process.env.LATENT_STUDIO_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..')
  );
}

export type JobProgress = Omit<EventPayload<'job.progress'>, 'jobId'>;

export interface CliContext {
  studio: Studio;
  call<C extends ChannelName>(channel: C, request: Req<C>): Promise<Res<C>>;
  /** A request that runs as a job: its job.progress events go to `onProgress` while it runs. */
  callJob<C extends ChannelName>(
    channel: C,
    request: Req<C> & { jobId?: string },
    onProgress: (p: JobProgress) => void,
  ): Promise<Res<C>>;
}

let jobs = 0;

/** The CLI drives the very same engine and dispatch gate as the other shells. */
export async function openCliContext(
  shell: 'cli' | 'browser' = 'cli',
  provider?: ProviderChoice,
): Promise<CliContext> {
  const studio = await createStudio({
    dataDir: defaultDataDir(),
    assetsDir: join(packageRoot(), 'assets'),
    shell,
    ...(provider && { provider }),
  });
  const call = async <C extends ChannelName>(channel: C, request: Req<C>) =>
    unwrap<Res<C>>(await dispatch(studio.handlers, channel, request));
  return {
    studio,
    call,
    async callJob(channel, request, onProgress) {
      const jobId = `cli-${process.pid}-${(jobs += 1)}`;
      const off = studio.onEvent((event, payload) => {
        if (event !== 'job.progress') return;
        const { jobId: id, ...p } = payload as EventPayload<'job.progress'>;
        if (id === jobId) onProgress(p);
      });
      try {
        return await call(channel, { ...request, jobId });
      } finally {
        off();
      }
    },
  };
}

/**
 * Job progress on stderr, only where someone reads it: a line per label change and at most one a
 * second otherwise (`live`: one rewritten line on a terminal instead).
 */
export function stderrProgress(live = false): (p: JobProgress) => void {
  let lastLabel = '';
  let lastAt = 0;
  return (p) => {
    const now = Date.now();
    const finished = p.done === p.total;
    if (p.label === lastLabel && !finished && now - lastAt < 1000) return;
    lastLabel = p.label;
    lastAt = now;
    const counts = p.total > 0 ? ` ${p.done}/${p.total}` : '';
    process.stderr.write(
      live ? `\r\x1b[K${p.label}${counts}` : `latent-studio: ${p.label}${counts}\n`,
    );
  };
}
