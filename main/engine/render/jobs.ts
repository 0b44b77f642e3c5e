import { StudioError } from '../../contract/channels';
import type { EventHub } from '../events';

export interface JobHandle {
  readonly signal: AbortSignal;
  progress(done: number, total: number, label: string): void;
  /** Throws CANCELLED when the user cancelled; call between chunks of work. */
  throwIfCancelled(): void;
  finish(): void;
}

/**
 * Long work (grids, strips, exports) runs as a job: it reports progress as `job.progress` events
 * and stops at the next chunk boundary when `job.cancel` names it.
 */
export class JobRegistry {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly events: EventHub) {}

  start(jobId: string | undefined): JobHandle {
    const controller = new AbortController();
    if (jobId) this.running.set(jobId, controller);
    const events = this.events;
    return {
      signal: controller.signal,
      progress(done, total, label) {
        if (jobId) events.emit('job.progress', { jobId, done, total, label });
      },
      throwIfCancelled() {
        if (controller.signal.aborted) throw new StudioError('CANCELLED', 'Cancelled');
      },
      finish: () => {
        if (jobId) this.running.delete(jobId);
      },
    };
  }

  cancel(jobId: string): boolean {
    const controller = this.running.get(jobId);
    if (!controller) return false;
    controller.abort();
    this.running.delete(jobId);
    return true;
  }
}
