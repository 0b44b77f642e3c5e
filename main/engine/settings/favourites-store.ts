import { join } from 'node:path';
import { z } from 'zod';
import { latentSpecSchema } from '../../contract/latent-spec';
import { readJsonFile, writeFileAtomic } from '../io/atomic-write';

const favouritesSchema = z.array(
  z.object({ modelId: z.string(), latent: latentSpecSchema, label: z.string() }),
);
export type Favourites = z.infer<typeof favouritesSchema>;

/** Favourites live in <dataDir>/favourites.json, written atomically so a crash never loses them. */
export class FavouritesStore {
  constructor(private readonly dataDir: string) {}

  private get file(): string {
    return join(this.dataDir, 'favourites.json');
  }

  list(): Promise<Favourites> {
    return readJsonFile(this.file, favouritesSchema, []);
  }

  async save(favourites: Favourites): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(favourites, null, 2));
  }
}
