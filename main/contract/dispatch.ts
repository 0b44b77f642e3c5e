import { channels, StudioError, type ChannelName, type Handlers } from './channels';

export interface ErrorPayload {
  code: StudioError['code'];
  message: string;
}

export type DispatchResult = { ok: true; value: unknown } | { ok: false; error: ErrorPayload };

function isChannel(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}

/** Turns any thrown value into words for the user; never leaks a stack trace. */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof StudioError) return { code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: message || 'Unexpected error' };
}

/**
 * The single gate every shell uses: checks the channel exists, parses the payload with its zod
 * schema, runs the handler, and reports failures as a typed error instead of throwing.
 */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  payload: unknown,
): Promise<DispatchResult> {
  if (!isChannel(channel)) {
    return {
      ok: false,
      error: {
        code: 'UNKNOWN_CHANNEL',
        message: `Unknown channel: ${String(channel).slice(0, 80)}`,
      },
    };
  }
  const parsed = channels[channel].request.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return {
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: `Invalid request for ${channel}${where}: ${issue?.message ?? 'malformed payload'}`,
      },
    };
  }
  try {
    const handler = handlers[channel] as (req: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: toErrorPayload(err) };
  }
}
