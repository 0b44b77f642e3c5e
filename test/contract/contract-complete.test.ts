import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  channelNames,
  channels,
  eventNames,
  events,
  type ChannelName,
  type Handlers,
  type StudioApi,
} from '../../main/contract/channels';
import { openTempStudio } from '../support/temp-studio';

describe('the contract', () => {
  it('has a handler type for exactly the channels it lists (compile-time check)', () => {
    expectTypeOf<keyof Handlers>().toEqualTypeOf<ChannelName>();
    expectTypeOf<Parameters<StudioApi['invoke']>[0]>().toEqualTypeOf<ChannelName>();
  });

  it('gives every channel a request and a response schema, and every event a schema', () => {
    for (const name of channelNames) {
      expect(typeof channels[name].request.safeParse, name).toBe('function');
      expect(typeof channels[name].response.safeParse, name).toBe('function');
    }
    for (const name of eventNames) expect(typeof events[name].safeParse, name).toBe('function');
  });

  it('is implemented by the engine for every channel at run time', async () => {
    const temp = await openTempStudio();
    try {
      expect(Object.keys(temp.studio.handlers).sort()).toEqual([...channelNames].sort());
    } finally {
      await temp.close();
    }
  });
});
