import { join } from 'node:path';
import { startServer } from '../../server/server';
import { openCliContext, packageRoot } from '../cli-context';
import { parseInteger } from './latent-args';

/** `latent-studio serve`: the engine behind a loopback server, for a browser on this machine. */
export async function serveCommand(o: Record<string, string | undefined>): Promise<void> {
  const port = parseInteger('port', o.port, { max: 65535, fallback: 0 });
  const ctx = await openCliContext('browser');
  const server = await startServer({
    studio: ctx.studio,
    rendererDir: join(packageRoot(), 'dist', 'renderer'),
    port,
  });
  process.stdout.write(`Latent Studio is serving on 127.0.0.1 only. Open:\n${server.url}\n`);
  const stop = () => {
    void server
      .close()
      .then(() => ctx.studio.dispose())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
