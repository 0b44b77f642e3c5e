import { describe, expect, it } from 'vitest';
import { commandIds } from '../../../main/contract/command-ids';
import { createActions } from '../app/actions';
import { createStudioStore } from '../store/store';
import { allCommands, getCommand, runCommand } from '.';

describe('the command registry', () => {
  it('registers exactly one command for every id of the contract (menu ids included)', () => {
    const registered = allCommands().map((c) => c.id);
    expect(new Set(registered).size).toBe(registered.length);
    expect([...registered].sort()).toEqual([...commandIds].sort());
  });

  it('gives no two commands the same key', () => {
    const keys = allCommands().flatMap((c) => (c.shortcut ? [c.shortcut.toLowerCase()] : []));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('runs a command by id only while it is enabled', async () => {
    const api = { invoke: () => Promise.reject(new Error('offline')), on: () => () => {} };
    const store = createStudioStore();
    const actions = createActions({ api: api as never, store });
    expect(getCommand('clear-canvas')!.enabled({ state: store.getState(), actions })).toBe(false);
    expect(await actions.run('clear-canvas')).toBe(false);
    expect(await actions.run('screen-train')).toBe(true);
    expect(store.getState().screen).toBe('train');
    expect(await runCommand({ state: store.getState(), actions }, 'screen-train')).toBe(false);
  });
});
