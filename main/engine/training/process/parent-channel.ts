import type { ChildMessage, HostMessage } from './messages';

/** Electron's utilityProcess gives a child `process.parentPort` instead of Node's IPC channel. */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export interface ParentChannel {
  send(message: ChildMessage): void;
  onMessage(listener: (message: HostMessage) => void): void;
  /** The host went away: Node IPC disconnects; a utility process is killed with its parent. */
  onDisconnect(listener: () => void): void;
  close(): void;
}

/**
 * The training process talks to its host over whichever channel started it: Node's fork IPC (CLI
 * and browser shell) or Electron's utilityProcess parentPort (desktop). Same messages either way.
 */
export function parentChannel(): ParentChannel {
  const port = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
  if (port) {
    return {
      send: (message) => port.postMessage(message),
      onMessage: (listener) => port.on('message', (event) => listener(event.data as HostMessage)),
      onDisconnect: () => undefined,
      close: () => undefined,
    };
  }
  return {
    send: (message) => {
      if (process.connected) process.send?.(message);
    },
    onMessage: (listener) => process.on('message', (raw) => listener(raw as HostMessage)),
    onDisconnect: (listener) => process.on('disconnect', listener),
    close: () => process.disconnect?.(),
  };
}
