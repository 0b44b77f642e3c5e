import type { StudioApi } from '../../../main/contract/channels';

/** 'connecting' before the first connection, 'disconnected' after a drop while it retries. */
export type ConnectionState = 'connecting' | 'open' | 'disconnected';

/** A StudioApi plus the state of the link to the engine, so the UI can say when it is down. */
export interface StudioTransport extends StudioApi {
  readonly kind: 'electron' | 'websocket';
  connectionState(): ConnectionState;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}
