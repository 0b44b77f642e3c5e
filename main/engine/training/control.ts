/**
 * Pause / resume / cancel for a running training loop. The loop calls gate() between steps, so a
 * request takes effect within one step; a paused loop waits here without using the CPU.
 */
export class TrainingControl {
  private paused = false;
  private cancelled = false;
  private wake: (() => void) | null = null;

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wake?.();
  }

  cancel(): void {
    this.cancelled = true;
    this.wake?.();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  /** Resolves 'go' to run the next step or 'stop'; while paused, calls onPause once and waits. */
  async gate(signal?: AbortSignal, onPause?: (paused: boolean) => void): Promise<'go' | 'stop'> {
    // A step is synchronous tfjs work and an in-memory batch resolves as a microtask, so without
    // this macrotask turn IPC messages, signals and timers would wait until the next file write.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (signal?.aborted) this.cancelled = true;
    if (this.paused && !this.cancelled) {
      onPause?.(true);
      const abort = () => this.cancel();
      signal?.addEventListener('abort', abort, { once: true });
      while (this.paused && !this.cancelled)
        await new Promise<void>((resolve) => (this.wake = resolve));
      signal?.removeEventListener('abort', abort);
      this.wake = null;
      if (!this.cancelled) onPause?.(false);
    }
    return this.cancelled ? 'stop' : 'go';
  }
}
