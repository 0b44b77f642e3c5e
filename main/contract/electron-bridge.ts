import type { DispatchResult } from './dispatch';

/**
 * What preload exposes on `window.latentStudio` with contextBridge. Main validates every payload,
 * so this surface is deliberately tiny: one invoke, one subscribe that returns its unsubscribe.
 */
export interface ElectronBridge {
  invoke(channel: string, payload: unknown): Promise<DispatchResult>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

export const BRIDGE_KEY = 'latentStudio';
export const INVOKE_CHANNEL = 'latent-studio:invoke';
export const EVENT_CHANNEL = 'latent-studio:event';
