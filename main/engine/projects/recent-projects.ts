import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { Project } from '../../contract/project-schemas';
import { readJsonFile, writeFileAtomic } from '../io/atomic-write';

const entrySchema = z.object({
  path: z.string(),
  name: z.string(),
  modelName: z.string(),
  modelSha256: z.string(),
  savedAt: z.string(),
  autosave: z.boolean(),
});
type RecentEntry = z.infer<typeof entrySchema>;

/** How many projects the Open Recent list keeps. */
export const RECENT_LIMIT = 20;

/**
 * The recent-projects list, a settings file `<dataDir>/recent-projects.json` written atomically.
 * Updates are serialised, so an autosave and an open at the same moment cannot drop an entry.
 */
export class RecentProjects {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataDir: string) {}

  private get file(): string {
    return join(this.dataDir, 'recent-projects.json');
  }

  private read(): Promise<RecentEntry[]> {
    return readJsonFile(this.file, z.array(entrySchema), []);
  }

  private update(change: (list: RecentEntry[]) => RecentEntry[]): Promise<void> {
    const next = this.queue.then(async () => {
      const list = change(await this.read()).slice(0, RECENT_LIMIT);
      await writeFileAtomic(this.file, JSON.stringify(list, null, 2));
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Puts `dir` first; `replaces` (the autosave of an untitled project now saved by name) is dropped. */
  remember(
    dir: string,
    project: Project,
    savedAt: string,
    autosave: boolean,
    replaces?: string,
  ): Promise<void> {
    const path = resolve(dir);
    const entry: RecentEntry = {
      path,
      name: project.name,
      modelName: project.model.name,
      modelSha256: project.model.sha256,
      savedAt,
      autosave,
    };
    const drop = replaces === undefined ? null : resolve(replaces);
    return this.update((list) => [
      entry,
      ...list.filter((e) => e.path !== path && e.path !== drop),
    ]);
  }

  forget(dir: string): Promise<void> {
    const path = resolve(dir);
    return this.update((list) => list.filter((e) => e.path !== path));
  }

  async list(): Promise<(RecentEntry & { exists: boolean })[]> {
    await this.queue;
    const list = await this.read();
    return Promise.all(
      list.map(async (e) => ({
        ...e,
        exists: await stat(join(e.path, 'project.json')).then(
          () => true,
          () => false,
        ),
      })),
    );
  }
}
