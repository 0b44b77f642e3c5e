import { describe, expect, it } from 'vitest';
import { LatestOnly } from './latest-only';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

function harness() {
  const calls: { req: number; d: ReturnType<typeof deferred<string>> }[] = [];
  const results: string[] = [];
  const errors: unknown[] = [];
  const s = new LatestOnly<number, string>(
    (req) => {
      const d = deferred<string>();
      calls.push({ req, d });
      return d.promise;
    },
    { onResult: (r) => results.push(r), onError: (e) => errors.push(e) },
  );
  return { s, calls, results, errors };
}

describe('LatestOnly', () => {
  it('keeps one in flight and only the newest waiting', async () => {
    const { s, calls, results } = harness();
    s.request(1);
    s.request(2);
    s.request(3);
    s.request(4);
    expect(calls.map((c) => c.req)).toEqual([1]);
    expect(s.busy).toBe(true);
    expect(s.hasWaiting).toBe(true);
    calls[0]!.d.resolve('r1');
    await tick();
    expect(results).toEqual(['r1']);
    expect(calls.map((c) => c.req)).toEqual([1, 4]);
    calls[1]!.d.resolve('r4');
    await tick();
    expect(results).toEqual(['r1', 'r4']);
    expect(s.busy).toBe(false);
  });

  it('runs immediately when idle', async () => {
    const { s, calls, results } = harness();
    s.request(1);
    calls[0]!.d.resolve('a');
    await tick();
    s.request(2);
    expect(calls.map((c) => c.req)).toEqual([1, 2]);
    calls[1]!.d.resolve('b');
    await tick();
    expect(results).toEqual(['a', 'b']);
  });

  it('reports errors and moves on to the waiting request', async () => {
    const { s, calls, results, errors } = harness();
    s.request(1);
    s.request(2);
    calls[0]!.d.reject(new Error('boom'));
    await tick();
    expect(errors).toHaveLength(1);
    expect(calls.map((c) => c.req)).toEqual([1, 2]);
    calls[1]!.d.resolve('ok');
    await tick();
    expect(results).toEqual(['ok']);
  });

  it('cancel drops the waiting request and the running result', async () => {
    const { s, calls, results } = harness();
    s.request(1);
    s.request(2);
    s.cancel();
    calls[0]!.d.resolve('stale');
    await tick();
    expect(results).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(s.busy).toBe(false);
  });

  it('survives a runner that throws synchronously', async () => {
    const errors: unknown[] = [];
    const s = new LatestOnly<number, number>(
      () => {
        throw new Error('sync');
      },
      { onResult: () => undefined, onError: (e) => errors.push(e) },
    );
    s.request(1);
    await tick();
    expect(errors).toHaveLength(1);
    expect(s.busy).toBe(false);
  });
});
