import { utilityProcess } from 'electron';
import type { ChildMessage } from '../engine/training/process/messages';
import type { SpawnTrainingProcess, TrainingChild } from '../engine/training/process/host';

/**
 * Training in the desktop app runs in an Electron utilityProcess (a Node child that Electron
 * manages and kills with the app). This adapts it to the engine's TrainingChild; the child side
 * speaks through process.parentPort (see engine/training/process/parent-channel.ts).
 */
export const spawnUtilityTrainingProcess: SpawnTrainingProcess = (entry, options) => {
  const child = utilityProcess.fork(entry, [], {
    env: options.env,
    execArgv: options.execArgv,
    serviceName: 'Latent Studio training',
    stdio: 'inherit',
  });
  const adapter: TrainingChild = {
    send: (message) => child.postMessage(message),
    on: (event: 'message' | 'exit' | 'error', listener: (...args: never[]) => void) => {
      if (event === 'message')
        child.on('message', (m) => (listener as (m: ChildMessage) => void)(m as ChildMessage));
      else if (event === 'exit')
        child.on('exit', (code) => (listener as (c: number | null, s: null) => void)(code, null));
      else
        child.on('error', (...args) =>
          (listener as (e: Error) => void)(new Error(`Training process error: ${String(args[0])}`)),
        );
      return adapter;
    },
    kill: () => child.kill(),
  };
  return adapter;
};
