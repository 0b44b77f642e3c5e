import { channels, StudioError, type ChannelName, type Handlers } from './channels';

export interface ErrorPayload {
  code: StudioError['code'];
  message: string;
}

export type DispatchResult = { ok: true; value: unknown } | { ok: false; error: ErrorPayload };

export interface DispatchOptions {
  /**
   * The connection the request came on (a WebSocket, an Electron window). Live-frame streams
   * (`render.frame`'s `stream`) are named per connection, so two tabs dragging at once never
   * supersede each other's frames.
   */
  connection?: string;
}

/**
 * Deeper payloads are refused before the schemas see them: zod's recursive latent schema would
 * overflow the stack on a spec nested ~1000 levels deep. Real requests nest a few dozen levels
 * at most (a latent blended 32 deep, the resolver's own limit, is ~100 JSON levels).
 */
export const MAX_PAYLOAD_DEPTH = 128;

function isChannel(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}

/** A channel name for an error message, whatever was sent in its place (never throws). */
function describeChannel(channel: unknown): string {
  if (typeof channel === 'string') return JSON.stringify(channel.slice(0, 80));
  if (channel === null) return 'null';
  if (Array.isArray(channel)) return 'an array';
  return `a value of type ${typeof channel}`;
}

/** Whether `value` nests deeper than `limit` objects/arrays; iterative, so it cannot overflow. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  let visited = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) continue;
    if (depth >= limit) return true;
    // Shared or cyclic references (possible over Electron's structured clone) end the walk.
    if ((visited += 1) > 1_000_000) return true;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Turns any thrown value into words for the user; never leaks a stack trace. */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof StudioError) return { code: err.code, message: err.message };
  let message: string;
  try {
    message = err instanceof Error ? err.message : String(err);
  } catch {
    message = 'Unexpected error';
  }
  return { code: 'INTERNAL', message: message || 'Unexpected error' };
}

const badRequest = (message: string): DispatchResult => ({
  ok: false,
  error: { code: 'BAD_REQUEST', message },
});

/**
 * The single gate every shell uses: checks the channel exists, parses the payload with its zod
 * schema, runs the handler, and reports failures as a typed error. It never throws and never
 * rejects, whatever it is given.
 */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  payload: unknown,
  options: DispatchOptions = {},
): Promise<DispatchResult> {
  try {
    if (!isChannel(channel)) {
      return {
        ok: false,
        error: { code: 'UNKNOWN_CHANNEL', message: `Unknown channel: ${describeChannel(channel)}` },
      };
    }
    if (nestsDeeperThan(payload, MAX_PAYLOAD_DEPTH))
      return badRequest(
        `Invalid request for ${channel}: it is nested more than ${MAX_PAYLOAD_DEPTH} levels deep.`,
      );
    const parsed = channels[channel].request.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
      return badRequest(
        `Invalid request for ${channel}${where}: ${issue?.message ?? 'malformed payload'}`,
      );
    }
    const handler = handlers[channel] as (req: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(scopeStream(parsed.data, options.connection)) };
  } catch (err) {
    return { ok: false, error: toErrorPayload(err) };
  }
}

/** `stream: "probe"` from connection c7 becomes "c7/probe": streams never cross connections. */
function scopeStream(request: unknown, connection: string | undefined): unknown {
  if (connection === undefined || typeof request !== 'object' || request === null) return request;
  const { stream } = request as { stream?: unknown };
  return typeof stream === 'string' ? { ...request, stream: `${connection}/${stream}` } : request;
}
