import { describe, expect, it } from 'vitest';
import type { CommandId } from '../../../main/contract/command-ids';
import { filterCommands, matchesShortcut, shortcutLabel, type Command } from './registry';

const key = (
  k: string,
  mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {},
) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('matchesShortcut', () => {
  it('matches plain keys case-insensitively and exactly', () => {
    expect(matchesShortcut(key('s'), 'S')).toBe(true);
    expect(matchesShortcut(key('s', { ctrlKey: true }), 'S')).toBe(false);
    expect(matchesShortcut(key('S', { shiftKey: true }), 'S')).toBe(false);
  });
  it('maps Mod to Ctrl, or Cmd on macOS', () => {
    expect(matchesShortcut(key('k', { ctrlKey: true }), 'Mod+K')).toBe(true);
    expect(matchesShortcut(key('k', { metaKey: true }), 'Mod+K')).toBe(false);
    expect(matchesShortcut(key('k', { metaKey: true }), 'Mod+K', true)).toBe(true);
    expect(matchesShortcut(key('Delete', { shiftKey: true }), 'Shift+Delete')).toBe(true);
  });
  it('matches a printed symbol such as ? whatever shift it took', () => {
    expect(matchesShortcut(key('?', { shiftKey: true }), '?')).toBe(true);
    expect(matchesShortcut(key('?'), '?')).toBe(true);
    expect(matchesShortcut(key('?', { ctrlKey: true }), '?')).toBe(false);
    expect(matchesShortcut(key('Z', { ctrlKey: true, shiftKey: true }), 'Mod+Shift+Z')).toBe(true);
    expect(matchesShortcut(key('z', { ctrlKey: true, shiftKey: true }), 'Mod+Z')).toBe(false);
  });
  it('labels shortcuts per platform', () => {
    expect(shortcutLabel('Mod+Shift+E')).toBe('Ctrl+Shift+E');
    expect(shortcutLabel('Mod+Shift+E', true)).toBe('⌘⇧E');
  });
});

describe('filterCommands', () => {
  const cmd = (label: string, keywords?: string): Command => ({
    id: label as CommandId,
    label,
    keywords,
    perform: () => undefined,
    enabled: () => true,
  });
  it('needs every word in the label or keywords', () => {
    const cs = [
      cmd('Sample grid', 'render'),
      cmd('Export selected as PNG', 'save'),
      cmd('Clear canvas'),
    ];
    expect(filterCommands(cs, 'exp png').map((c) => c.label)).toEqual(['Export selected as PNG']);
    expect(filterCommands(cs, 'render').map((c) => c.label)).toEqual(['Sample grid']);
    expect(filterCommands(cs, '')).toHaveLength(3);
  });
});
