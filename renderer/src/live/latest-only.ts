/**
 * Latest-only scheduling for live previews: at most one request in flight; while it runs, only the
 * newest request waits (each new one replaces the one waiting). Dragging therefore never queues
 * stale frames, and the preview always converges on the last position.
 */
export interface LatestOnlyHandlers<Req, Res> {
  onResult(result: Res, request: Req): void;
  onError?(error: unknown, request: Req): void;
}

export class LatestOnly<Req, Res> {
  private inFlight = false;
  private waiting: { request: Req } | null = null;
  private generation = 0;

  constructor(
    private readonly run: (request: Req) => Promise<Res>,
    private readonly handlers: LatestOnlyHandlers<Req, Res>,
  ) {}

  /** True while a request is running. */
  get busy(): boolean {
    return this.inFlight;
  }

  /** True while a newer request waits for the running one. */
  get hasWaiting(): boolean {
    return this.waiting !== null;
  }

  request(request: Req): void {
    if (this.inFlight) {
      this.waiting = { request };
      return;
    }
    this.start(request);
  }

  /** Drops the waiting request and ignores the result of the running one. */
  cancel(): void {
    this.waiting = null;
    this.generation++;
  }

  private start(request: Req): void {
    this.inFlight = true;
    const generation = this.generation;
    let promise: Promise<Res>;
    try {
      promise = this.run(request);
    } catch (err) {
      promise = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    promise.then(
      (result) => {
        if (generation === this.generation) this.handlers.onResult(result, request);
        this.next();
      },
      (error: unknown) => {
        if (generation === this.generation) this.handlers.onError?.(error, request);
        this.next();
      },
    );
  }

  private next(): void {
    this.inFlight = false;
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting) this.start(waiting.request);
  }
}
