import {
  StudioError,
  type ChannelName,
  type EventName,
  type EventPayload,
  type Req,
  type Res,
} from '../../../main/contract/channels';
import type { ElectronBridge } from '../../../main/contract/electron-bridge';
import type { ConnectionState, StudioTransport } from './types';

/** StudioApi over the preload bridge (window.latentStudio). IPC never drops, so always 'open'. */
export class ElectronClient implements StudioTransport {
  readonly kind = 'electron';

  constructor(private readonly bridge: ElectronBridge) {}

  async invoke<C extends ChannelName>(channel: C, request: Req<C>): Promise<Res<C>> {
    let result;
    try {
      result = await this.bridge.invoke(channel, request);
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      throw new StudioError('INTERNAL', `Could not reach the engine: ${detail}`);
    }
    if (!result.ok) throw new StudioError(result.error.code, result.error.message);
    return result.value as Res<C>;
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.bridge.on(event, (payload) => listener(payload as EventPayload<E>));
  }

  connectionState(): ConnectionState {
    return 'open';
  }

  onConnectionChange(): () => void {
    return () => undefined;
  }

  close(): void {}
}
