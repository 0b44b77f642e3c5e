import type { ChannelName, Handlers } from '../../main/contract/channels';
import type { StudioPort } from '../../main/electron/ipc';

/**
 * A spy over a real engine (not a fake): every handler is the real one, called with the request
 * it received after dispatch's zod parsing, which is recorded first. Event subscriptions go to the
 * real engine too; only how many are live is counted, so a test can see the shell unsubscribes.
 */
export interface RecordingStudio extends StudioPort {
  calls: Array<{ channel: ChannelName; request: unknown }>;
  liveSubscriptions(): number;
}

export function recordCalls(studio: StudioPort): RecordingStudio {
  const calls: RecordingStudio['calls'] = [];
  let live = 0;
  const wrapped: Partial<Record<ChannelName, (request: unknown) => Promise<unknown>>> = {};
  for (const channel of Object.keys(studio.handlers) as ChannelName[]) {
    const real = studio.handlers[channel] as (request: unknown) => Promise<unknown>;
    wrapped[channel] = (request) => {
      calls.push({ channel, request });
      return real(request);
    };
  }
  return {
    handlers: wrapped as Handlers,
    calls,
    onEvent(listener) {
      const unsubscribe = studio.onEvent(listener);
      live += 1;
      let active = true;
      return () => {
        if (active) live -= 1;
        active = false;
        unsubscribe();
      };
    },
    liveSubscriptions: () => live,
  };
}
