import {
  StudioError,
  type EventName,
  type Handlers,
  type ModelInfo,
} from '../../main/contract/channels';
import type { StudioPort } from '../../main/electron/ipc';

/**
 * A real `Handlers` object (every channel) with tiny in-memory behaviour, plus an event hub, so the
 * Electron shell is tested against the same types the engine's createStudio returns without
 * loading models. Records the requests each handler actually received (after zod parsing).
 */
export interface FakeStudio extends StudioPort {
  calls: Array<{ channel: string; request: unknown }>;
  emit(event: EventName, payload: unknown): void;
  listenerCount(): number;
}

const notHere = (channel: string) => () =>
  Promise.reject(new StudioError('INTERNAL', `${channel} is not used in this test`));

export function fakeModel(path: string): ModelInfo {
  return {
    id: 'imported-1',
    name: 'Imported',
    source: 'imported',
    sha256: '0'.repeat(64),
    path,
    note: 'made by a test',
    props: {
      format: 'onnx',
      latentShape: [1, 8],
      latentDim: 8,
      batch: 'dynamic',
      layout: 'NCHW',
      channels: 3,
      width: 4,
      height: 4,
      range: [-1, 1],
      rangeSource: 'activation',
      warnings: [],
    },
  };
}

export function createFakeStudio(): FakeStudio {
  const calls: FakeStudio['calls'] = [];
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  const handlers: Handlers = {
    'app.info': (request) => {
      calls.push({ channel: 'app.info', request });
      return Promise.resolve({
        appVersion: '0.0.0-test',
        shell: 'electron',
        dataDir: '/tmp/latent-studio-test',
        defaultModelId: null,
        runtimes: { onnx: 'none', tfjs: 'none' },
      });
    },
    'models.list': () => Promise.resolve({ models: [] }),
    'models.import': (request) => {
      calls.push({ channel: 'models.import', request });
      if (request.path.endsWith('.txt'))
        return Promise.reject(new StudioError('MODEL_REJECTED', 'Not a model: a text file'));
      return Promise.resolve({ model: fakeModel(request.path) });
    },
    'render.frame': notHere('render.frame'),
    'render.grid': notHere('render.grid'),
    'render.strip': notHere('render.strip'),
    'export.images': notHere('export.images'),
    'export.animation': notHere('export.animation'),
    'png.read': notHere('png.read'),
    'favourites.list': () => Promise.resolve({ favourites: [] }),
    'favourites.save': () => Promise.resolve({ ok: true as const }),
    'job.cancel': (request) => Promise.resolve({ cancelled: request.jobId === 'running' }),
  };
  return {
    handlers,
    calls,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event, payload) {
      for (const listener of listeners) listener(event, payload);
    },
    listenerCount: () => listeners.size,
  };
}
