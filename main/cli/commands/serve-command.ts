import { join } from 'node:path';
import { startServer } from '../../server/server';
import { openCliContext, packageRoot } from '../cli-context';
import {
  parseProviderChoice,
  providerWords,
  requireProvider,
  PROVIDER_ENV,
  type ProviderChoice,
} from '../../engine/models/inference-provider';
import { UsageError } from '../output';
import { parseInteger } from './latent-args';

/** --provider auto|cuda|cpu, else LATENT_STUDIO_PROVIDER, else auto. */
export function providerOption(value: string | undefined): ProviderChoice {
  try {
    return value !== undefined
      ? parseProviderChoice(value, '--provider')
      : parseProviderChoice(process.env[PROVIDER_ENV], PROVIDER_ENV);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** `latent-studio serve`: the engine behind a loopback server, for a browser on this machine. */
export async function serveCommand(o: Record<string, string | undefined>): Promise<void> {
  const port = parseInteger('port', o.port, { max: 65535, fallback: 0 });
  const choice = providerOption(o.provider);
  // Decided before the first model opens: --provider cuda that cannot load stops here, in words.
  const provider = await requireProvider(choice);
  const ctx = await openCliContext('browser', choice);
  const server = await startServer({
    studio: ctx.studio,
    rendererDir: join(packageRoot(), 'dist', 'renderer'),
    port,
  });
  process.stdout.write(
    `${providerWords(provider)}\nLatent Studio is serving on 127.0.0.1 only. Open:\n${server.url}\n`,
  );
  const stop = () => {
    void server
      .close()
      .then(() => ctx.studio.dispose())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
