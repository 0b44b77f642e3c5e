import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { z } from 'zod';
import { StudioError, type ModelInfo } from '../../contract/channels';
import { readJsonFile, writeFileAtomic } from '../io/atomic-write';
import type { Generator } from '../models/generator';
import { encoderPathFor, hasEncoder } from '../encode/vae-encoder';
import { loadGenerator, resolveModelFile } from '../models/load-generator';
import { readManifest } from '../models/manifest';
import { isDiffusionModel } from '../models/diffusion-model';
import { hashModel, modelFiles } from './hash-model';
import { GeneratorCache } from './generator-cache';

const importedIndexSchema = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    sha256: z.string(),
    file: z.string(),
    importedAt: z.string(),
  }),
);
type ImportedEntry = z.infer<typeof importedIndexSchema>[number];

export interface LibraryOptions {
  assetsDir: string;
  dataDir: string;
}

/**
 * Bundled models (assets/models) and imported ones (copied into <dataDir>/models with their
 * SHA-256). Properties are detected once per model hash; generators are loaded lazily and cached.
 */
export class ModelLibrary {
  private readonly infos = new Map<string, Promise<ModelInfo>>();
  private readonly generators = new GeneratorCache(3);

  constructor(private readonly options: LibraryOptions) {}

  private get indexFile(): string {
    return join(this.options.dataDir, 'models', 'index.json');
  }

  private async bundledPaths(): Promise<string[]> {
    const dir = join(this.options.assetsDir, 'models');
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const paths: string[] = [];
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isFile() && extname(entry.name) === '.onnx') paths.push(join(dir, entry.name));
      if (entry.isDirectory()) {
        const json = join(dir, entry.name, 'model.json');
        if (
          await stat(json).then(
            () => true,
            () => false,
          )
        )
          paths.push(json);
      }
    }
    return paths;
  }

  private readIndex(): Promise<ImportedEntry[]> {
    return readJsonFile(this.indexFile, importedIndexSchema, []);
  }

  /** Loads (once) the description of the model at `path`: hash, manifest name/note, properties. */
  private describe(
    id: string,
    path: string,
    source: ModelInfo['source'],
    name?: string,
  ): Promise<ModelInfo> {
    let info = this.infos.get(id);
    if (!info) {
      info = (async () => {
        const [sha256, manifest, generator] = await Promise.all([
          hashModel(path),
          manifestOf(path),
          this.generators.get(id, () => loadGenerator(path)),
        ]);
        const fallbackName =
          basename(path) === 'model.json'
            ? basename(resolve(path, '..'))
            : basename(path, extname(path));
        return {
          id,
          name: name ?? manifest?.name ?? fallbackName,
          source,
          sha256,
          path,
          note:
            manifest?.note ?? (source === 'bundled' ? 'Bundled with the app' : 'Imported by you'),
          ...(isDiffusionModel(generator)
            ? { kind: 'diffusion' as const, diffusion: generator.diffusion }
            : { kind: 'generator' as const }),
          props: generator.props,
          hasEncoder: hasEncoder(path),
        };
      })();
      this.infos.set(id, info);
      info.catch(() => this.infos.delete(id));
    }
    return info;
  }

  async list(): Promise<ModelInfo[]> {
    const bundled = (await this.bundledPaths()).map((p) =>
      this.describe(bundledId(p), p, 'bundled'),
    );
    const imported = (await this.readIndex()).map((e) =>
      this.describe(e.id, join(this.options.dataDir, 'models', e.file), 'imported', e.name),
    );
    const settled = await Promise.allSettled([...bundled, ...imported]);
    // A broken model file must not hide the others: list what loads.
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  async defaultId(): Promise<string | null> {
    const models = await this.list();
    const preferred = models.find((m) => m.source === 'bundled' && !/placeholder/i.test(m.name));
    return (preferred ?? models[0])?.id ?? null;
  }

  /** Finds a model by library id, or opens a model file by path (the CLI accepts both). */
  async get(idOrPath: string): Promise<ModelInfo> {
    // Hot path (every live frame names its model): no disk access once a model is described.
    const described = this.infos.get(idOrPath) ?? this.infos.get(`file:${resolve(idOrPath)}`);
    if (described) return described;
    const known = (await this.list()).find((m) => m.id === idOrPath);
    if (known) return known;
    const exists = await stat(idOrPath).then(
      () => true,
      () => false,
    );
    if (!exists)
      throw new StudioError('NOT_FOUND', `No model "${idOrPath}" in the library, and no such file`);
    const { file: path } = await resolveModelFile(resolve(idOrPath));
    return this.describe(`file:${path}`, path, 'file');
  }

  async generator(idOrPath: string): Promise<{ info: ModelInfo; generator: Generator }> {
    const info = await this.get(idOrPath);
    return { info, generator: await this.generators.get(info.id, () => loadGenerator(info.path)) };
  }

  /** Copies a model into the data folder (validating it first) and records it in the index. */
  async import(sourcePath: string, name?: string): Promise<ModelInfo> {
    const { file: source, manifestPath } = await resolveModelFile(resolve(sourcePath));
    const probe = await loadGenerator(source); // refuses bad models before anything is copied
    await probe.dispose();
    const sha256 = await hashModel(source);
    const id = sha256.slice(0, 12);
    const index = await this.readIndex();
    const existing = index.find((e) => e.id === id);
    if (existing)
      return this.describe(
        id,
        join(this.options.dataDir, 'models', existing.file),
        'imported',
        existing.name,
      );
    const dir = join(this.options.dataDir, 'models', id);
    await mkdir(dir, { recursive: true });
    try {
      for (const file of await modelFiles(source)) await copyFile(file, join(dir, basename(file)));
      // The sidecar manifest travels with the model (same base name, same folder layout).
      await copyFile(manifestPath, join(dir, basename(manifestPath))).catch(() => undefined);
      // So does a VAE's encoder (<name>.encoder.onnx and its sidecar), when there is one.
      const encoder = encoderPathFor(source);
      if (encoder && hasEncoder(source)) {
        await copyFile(encoder, join(dir, basename(encoder)));
        const side = encoder.replace(/\.onnx$/i, '.json');
        await copyFile(side, join(dir, basename(side))).catch(() => undefined);
      }
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
    const modelName =
      name ?? (await readManifest(manifestPath))?.name ?? basename(source, extname(source));
    const entry = {
      id,
      name: modelName,
      sha256,
      file: join(id, basename(source)),
      importedAt: new Date().toISOString(),
    };
    await writeFileAtomic(this.indexFile, JSON.stringify([...index, entry], null, 2));
    return this.describe(
      id,
      join(this.options.dataDir, 'models', entry.file),
      'imported',
      modelName,
    );
  }

  dispose(): Promise<void> {
    return this.generators.clear();
  }
}

function bundledId(path: string): string {
  const base =
    basename(path) === 'model.json' ? basename(resolve(path, '..')) : basename(path, extname(path));
  return `bundled-${base}`;
}

async function manifestOf(path: string) {
  return readManifest((await resolveModelFile(path)).manifestPath);
}
