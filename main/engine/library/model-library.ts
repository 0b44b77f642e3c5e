import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { z } from 'zod';
import { modelPropertiesSchema, StudioError, type ModelInfo } from '../../contract/channels';
import { diffusionInfoSchema, modelKindSchema } from '../../contract/diffusion-schemas';
import { SerialQueue, withFileLock } from '../io/file-lock';
import { readJsonFile, writeFileAtomic } from '../io/atomic-write';
import { hasEncoder } from '../encode/vae-encoder';
import type { Generator } from '../models/generator';
import { loadGenerator, resolveModelFile } from '../models/load-generator';
import { readManifest } from '../models/manifest';
import { isDiffusionModel } from '../models/diffusion-model';
import { isPixelCnnModel } from '../autoregressive/onnx-models';
import { hashFiles, hashModel, modelFiles } from './hash-model';
import { missingFileProblem, placeModelCopy, removeUnfinishedImports } from './import-model';
import { GeneratorCache } from './generator-cache';

const importedIndexSchema = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    sha256: z.string(),
    /** The file to open, relative to <dataDir>/models. */
    file: z.string(),
    importedAt: z.string(),
    /** Every file of the model (tfjs shards, ONNX external data), relative to <dataDir>/models. */
    files: z.array(z.string()).optional(),
    /** What the model loaded as when imported: listed even while its file is missing. */
    kind: modelKindSchema.optional(),
    props: modelPropertiesSchema.optional(),
    diffusion: diffusionInfoSchema.optional(),
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
 *
 * The index (<dataDir>/models/index.json) has one writer at a time: changes are queued in this
 * process and made under a lock file across processes (the app and a CLI `import` at once), each
 * a fresh read-modify-write. Imports are all or nothing (import-model.ts); a model whose file
 * went missing stays listed with the problem in words, and importing it again repairs it.
 */
export class ModelLibrary {
  private readonly infos = new Map<string, Promise<ModelInfo>>();
  private readonly generators = new GeneratorCache(3);
  private readonly indexQueue = new SerialQueue();

  constructor(private readonly options: LibraryOptions) {}

  private get modelsDir(): string {
    return join(this.options.dataDir, 'models');
  }

  private get indexFile(): string {
    return join(this.modelsDir, 'index.json');
  }

  /** One read-modify-write of the index; `change` returns the new index, or null for no change. */
  private updateIndex(
    change: (index: ImportedEntry[]) => Promise<ImportedEntry[] | null>,
  ): Promise<void> {
    return this.indexQueue.run(async () => {
      await mkdir(this.modelsDir, { recursive: true });
      await withFileLock(`${this.indexFile}.lock`, 'The model library', async () => {
        const next = await change(await this.readIndex());
        if (next) await writeFileAtomic(this.indexFile, JSON.stringify(next, null, 2));
      });
    });
  }

  /** Drops what is cached about a model (its file went missing, or it is being replaced). */
  private forget(id: string): void {
    this.infos.delete(id);
    this.generators.delete(id);
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
            : isPixelCnnModel(generator)
              ? { kind: 'autoregressive' as const, autoregressive: generator.info }
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
    const imported = (await this.readIndex()).map((e) => this.describeImported(e));
    const settled = await Promise.allSettled([...bundled, ...imported]);
    // A broken model file must not hide the others: list what loads (and what is missing).
    return settled.flatMap((s) => (s.status === 'fulfilled' && s.value ? [s.value] : []));
  }

  /** An imported model as listed: described, or marked missing in words (null: nothing known). */
  private async describeImported(e: ImportedEntry): Promise<ModelInfo | null> {
    const path = join(this.modelsDir, e.file);
    const problem = await missingFileProblem(this.modelsDir, e.files ?? [e.file]);
    if (problem === null) return this.describe(e.id, path, 'imported', e.name);
    this.forget(e.id);
    if (!e.props || !e.kind) return null; // imported before the index kept what a model is
    return {
      id: e.id,
      name: e.name,
      source: 'imported',
      sha256: e.sha256,
      path,
      note: problem,
      kind: e.kind,
      props: e.props,
      ...(e.diffusion && { diffusion: e.diffusion }),
      problem,
    };
  }

  async defaultId(): Promise<string | null> {
    return pickDefaultModel(await this.list());
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
    if (info.problem) throw new StudioError('NOT_FOUND', `"${info.name}": ${info.problem}`);
    return { info, generator: await this.generators.get(info.id, () => loadGenerator(info.path)) };
  }

  /**
   * Copies a model into the data folder (validating it first) and records it in the index. A model
   * already there is returned as it is, unless its copy is missing or damaged: then it is copied
   * again (the repair). Nothing half-done is ever listed.
   */
  async import(sourcePath: string, name?: string): Promise<ModelInfo> {
    const { file: source, manifestPath } = await resolveModelFile(resolve(sourcePath));
    const probe = await loadGenerator(source); // refuses bad models before anything is copied
    await probe.dispose();
    const sha256 = await hashModel(source);
    const id = sha256.slice(0, 12);
    let placed: { path: string; name: string } | null = null;
    await this.updateIndex(async (index) => {
      const existing = index.find((e) => e.id === id);
      if (existing && (await this.intact(existing))) {
        placed = { path: join(this.modelsDir, existing.file), name: existing.name };
        return null;
      }
      await removeUnfinishedImports(this.modelsDir);
      const copy = await placeModelCopy(this.modelsDir, id, source, manifestPath, sha256);
      this.forget(id);
      const modelName =
        name ??
        existing?.name ??
        (await readManifest(manifestPath))?.name ??
        basename(source, extname(source));
      const entry: ImportedEntry = {
        id,
        name: modelName,
        sha256,
        file: copy.files[0]!,
        importedAt: new Date().toISOString(),
        files: copy.files,
        ...copy.snapshot,
      };
      placed = { path: join(this.modelsDir, entry.file), name: modelName };
      return [...index.filter((e) => e.id !== id), entry];
    });
    const { path, name: modelName } = placed!;
    return this.describe(id, path, 'imported', modelName);
  }

  /** Whether an imported model's copy is whole: every file there and the bytes it was imported with. */
  private async intact(entry: ImportedEntry): Promise<boolean> {
    const files = entry.files ?? [entry.file];
    if ((await missingFileProblem(this.modelsDir, files)) !== null) return false;
    const paths = entry.files
      ? entry.files.map((f) => join(this.modelsDir, f))
      : await modelFiles(join(this.modelsDir, entry.file)).catch(() => null);
    return paths !== null && (await hashFiles(paths).catch(() => '')) === entry.sha256;
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

/**
 * The model a new user sees first: the first bundled, trained one-pass generator. The canvas blends
 * and walks live, one forward pass per frame, where a diffusion model needs a whole sampling loop
 * (it is one click away in the picker). Else the first bundled model, else any.
 */
export function pickDefaultModel(
  models: readonly Pick<ModelInfo, 'id' | 'source' | 'kind' | 'name'>[],
): string | null {
  const trained = models.filter((m) => m.source === 'bundled' && !/placeholder/i.test(m.name));
  const preferred = trained.find((m) => m.kind === 'generator') ?? trained[0];
  return (preferred ?? models[0])?.id ?? null;
}
