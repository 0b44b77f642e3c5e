import { StudioError } from '../../contract/channels';

type Task<T> = () => Promise<T>;

interface Queued {
  run: () => Promise<void>;
  reject: (err: unknown) => void;
}

/**
 * Serialises inference on the engine's one set of cores, with two lanes:
 *
 * - interactive: live frames (a slider drag, the explore probe). Per `stream`, only the newest
 *   waiting request is kept; an older waiting one is rejected with SUPERSEDED, so a drag never
 *   renders stale frames queued behind it.
 * - batch: grid, strip and export work, submitted in small chunks so an interactive frame waits
 *   for at most one chunk, never a whole batch.
 *
 * Interactive work always runs before batch work. Running more than one ORT run at a time would not
 * help on two cores and would make live latency unpredictable.
 */
export class InferenceScheduler {
  private readonly interactive = new Map<string, Queued>();
  private readonly batch: Queued[] = [];
  private busy = false;

  /** Queues a live frame; a newer call with the same stream replaces this one while it waits. */
  interactiveTask<T>(stream: string, task: Task<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const previous = this.interactive.get(stream);
      if (previous) {
        this.interactive.delete(stream);
        previous.reject(new StudioError('SUPERSEDED', 'Superseded by a newer frame request'));
      }
      this.interactive.set(stream, { run: () => task().then(resolve, reject), reject });
      this.pump();
    });
  }

  /** Queues one chunk of batch work, run in arrival order after any waiting live frames. */
  batchTask<T>(task: Task<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.batch.push({ run: () => task().then(resolve, reject), reject });
      this.pump();
    });
  }

  /** Number of tasks waiting (not running); used by tests and diagnostics. */
  get waiting(): number {
    return this.interactive.size + this.batch.length;
  }

  private next(): Queued | undefined {
    const first = this.interactive.entries().next();
    if (!first.done) {
      const [stream, queued] = first.value;
      this.interactive.delete(stream);
      return queued;
    }
    return this.batch.shift();
  }

  private pump(): void {
    if (this.busy) return;
    const queued = this.next();
    if (!queued) return;
    this.busy = true;
    void queued.run().finally(() => {
      this.busy = false;
      this.pump();
    });
  }
}
