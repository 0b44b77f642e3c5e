import { describe, expect, it } from 'vitest';
import { InferenceScheduler } from './inference-scheduler';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('InferenceScheduler', () => {
  it('supersedes a waiting live frame with the newer one on the same stream', async () => {
    const scheduler = new InferenceScheduler();
    const gate = deferred();
    const ran: string[] = [];
    const first = scheduler.interactiveTask('probe', async () => {
      await gate.promise;
      ran.push('first');
      return 1;
    });
    const stale = scheduler.interactiveTask('probe', async () => (ran.push('stale'), 2));
    const newest = scheduler.interactiveTask('probe', async () => (ran.push('newest'), 3));
    gate.resolve();
    await expect(first).resolves.toBe(1);
    await expect(stale).rejects.toMatchObject({ code: 'SUPERSEDED' });
    await expect(newest).resolves.toBe(3);
    expect(ran).toEqual(['first', 'newest']);
  });

  it('runs waiting live frames before waiting batch chunks', async () => {
    const scheduler = new InferenceScheduler();
    const gate = deferred();
    const ran: string[] = [];
    const running = scheduler.batchTask(async () => (await gate.promise, ran.push('chunk 1')));
    const chunk2 = scheduler.batchTask(async () => ran.push('chunk 2'));
    const live = scheduler.interactiveTask('probe', async () => ran.push('live'));
    expect(scheduler.waiting).toBe(2);
    gate.resolve();
    await Promise.all([running, chunk2, live]);
    expect(ran).toEqual(['chunk 1', 'live', 'chunk 2']);
  });

  it('keeps streams independent and survives a failing task', async () => {
    const scheduler = new InferenceScheduler();
    const failing = scheduler.interactiveTask('a', () => Promise.reject(new Error('boom')));
    const other = scheduler.interactiveTask('b', async () => 'ok');
    await expect(failing).rejects.toThrow('boom');
    await expect(other).resolves.toBe('ok');
    await expect(scheduler.batchTask(async () => 'after')).resolves.toBe('after');
  });
});
