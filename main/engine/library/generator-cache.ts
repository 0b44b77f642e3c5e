import type { Generator } from '../models/generator';

/**
 * Keeps the most recently used generators loaded (ORT sessions hold their weights in memory), and
 * releases the least recently used one past `capacity`, so browsing many models stays bounded.
 */
export class GeneratorCache {
  private readonly entries = new Map<string, Promise<Generator>>();

  constructor(private readonly capacity: number) {}

  get(key: string, load: () => Promise<Generator>): Promise<Generator> {
    const cached = this.entries.get(key);
    if (cached) {
      // Re-insert to mark as most recently used (Map keeps insertion order).
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const loading = load();
    this.entries.set(key, loading);
    loading.catch(() => this.entries.delete(key));
    this.evict();
    return loading;
  }

  private evict(): void {
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.entries().next();
      if (oldest.done) return;
      const [key, generator] = oldest.value;
      this.entries.delete(key);
      void generator.then((g) => g.dispose()).catch(() => undefined);
    }
  }

  /** Releases one model (its file went missing, or it is being replaced). */
  delete(key: string): void {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    void entry?.then((g) => g.dispose()).catch(() => undefined);
  }

  async clear(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.allSettled(all.map(async (g) => (await g).dispose()));
  }
}
