import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { z } from 'zod';
import type { TextModelInfo } from '../../contract/autoregressive-schemas';
import { StudioError } from '../../contract/channels';
import { readJsonFile, writeFileAtomic } from '../io/atomic-write';
import { hashModel } from '../library/hash-model';
import { modelRejected } from '../models/errors';
import { manifestPathFor, readManifest } from '../models/manifest';
import { loadTextModel, type TextModel } from './onnx-models';

/**
 * Text models (kind autoregressive, modality text): bundled ones in assets/text-models/, imported
 * and app-trained ones copied into <dataDir>/text-models/<id>/ with their manifest. Kept apart
 * from the image library, whose every model makes pictures. Loaded lazily, two kept open.
 */
const indexSchema = z.array(z.object({ id: z.string(), name: z.string(), file: z.string() }));

export class TextModelLibrary {
  private readonly infos = new Map<string, Promise<TextModelInfo>>();
  private readonly models = new Map<string, Promise<TextModel>>();

  constructor(private readonly options: { assetsDir: string; dataDir: string }) {}

  private get root(): string {
    return join(this.options.dataDir, 'text-models');
  }

  private async bundled(): Promise<string[]> {
    const dir = join(this.options.assetsDir, 'text-models');
    const names = await readdir(dir).catch(() => []);
    return names
      .filter((n) => extname(n) === '.onnx')
      .sort()
      .map((n) => join(dir, n));
  }

  private describe(id: string, path: string, source: TextModelInfo['source'], name?: string) {
    let info = this.infos.get(id);
    if (!info) {
      info = (async () => {
        const manifest = await readManifest(manifestPathFor(path, 'onnx'));
        const ar = manifest?.autoregressive;
        if (manifest?.kind !== 'autoregressive' || ar?.modality !== 'text')
          throw modelRejected(path, 'its manifest does not say it is a text model', 'a text model');
        return {
          id,
          name: name ?? manifest.name ?? basename(path, '.onnx'),
          source,
          sha256: await hashModel(path),
          path,
          note: manifest.note ?? '',
          kind: 'autoregressive' as const,
          modality: 'text' as const,
          context: ar.context,
          vocabSize: ar.vocab.length,
        };
      })();
      this.infos.set(id, info);
      info.catch(() => this.infos.delete(id));
    }
    return info;
  }

  async list(): Promise<TextModelInfo[]> {
    const index = await readJsonFile(join(this.root, 'index.json'), indexSchema, []);
    const all = [
      ...(await this.bundled()).map((p) =>
        this.describe(`text-bundled-${basename(p, '.onnx')}`, p, 'bundled'),
      ),
      ...index.map((e) => this.describe(e.id, join(this.root, e.file), 'imported', e.name)),
    ];
    const settled = await Promise.allSettled(all);
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  /** A text model by id, or an .onnx path with its manifest (the CLI accepts both). */
  async get(idOrPath: string): Promise<TextModelInfo> {
    const known = (await this.list()).find((m) => m.id === idOrPath);
    if (known) return known;
    const exists = await stat(idOrPath).then(
      () => true,
      () => false,
    );
    if (!exists)
      throw new StudioError('NOT_FOUND', `No text model "${idOrPath}", and no such file.`);
    const path = resolve(idOrPath);
    return this.describe(`file:${path}`, path, 'file');
  }

  async model(idOrPath: string): Promise<{ info: TextModelInfo; model: TextModel }> {
    const info = await this.get(idOrPath);
    let m = this.models.get(info.id);
    if (!m) {
      m = (async () => {
        const manifest = await readManifest(manifestPathFor(info.path, 'onnx'));
        if (manifest?.autoregressive?.modality !== 'text') throw new Error('not a text model');
        return loadTextModel(info.path, manifest.autoregressive);
      })();
      this.models.set(info.id, m);
      m.catch(() => this.models.delete(info.id));
      while (this.models.size > 2) {
        const [key, old] = this.models.entries().next().value!;
        this.models.delete(key);
        void old.then((o) => o.dispose()).catch(() => undefined);
      }
    }
    return { info, model: await m };
  }

  async import(file: string, name?: string): Promise<TextModelInfo> {
    const probe = await this.describe(`probe:${file}`, resolve(file), 'file', name);
    const id = `text-${probe.sha256.slice(0, 12)}`;
    const index = await readJsonFile(join(this.root, 'index.json'), indexSchema, []);
    if (!index.some((e) => e.id === id)) {
      const dir = join(this.root, id);
      await mkdir(dir, { recursive: true });
      await copyFile(file, join(dir, basename(file)));
      await copyFile(
        manifestPathFor(file, 'onnx'),
        join(dir, basename(manifestPathFor(file, 'onnx'))),
      );
      index.push({ id, name: name ?? probe.name, file: join(id, basename(file)) });
      await writeFileAtomic(join(this.root, 'index.json'), JSON.stringify(index, null, 2));
    }
    return (await this.list()).find((m) => m.id === id)!;
  }

  async dispose(): Promise<void> {
    const all = [...this.models.values()];
    this.models.clear();
    await Promise.allSettled(all.map(async (m) => (await m).dispose()));
  }
}
