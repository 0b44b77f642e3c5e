import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

async function hashFiles(files: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/** A tfjs LayersModel is model.json plus its weight shards: all of them make its identity. */
export async function modelFiles(modelPath: string): Promise<string[]> {
  if (basename(modelPath) !== 'model.json') return [modelPath];
  const dir = dirname(modelPath);
  const shards = (await readdir(dir)).filter((f) => f.endsWith('.bin')).sort();
  return [modelPath, ...shards.map((f) => join(dir, f))];
}

/** SHA-256 of a model's bytes, streamed so large models are not held in memory twice. */
export async function hashModel(modelPath: string): Promise<string> {
  return hashFiles(await modelFiles(modelPath));
}
