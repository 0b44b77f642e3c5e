import type { CommandId } from '../../../main/contract/command-ids';
import type { Actions } from '../app/actions';
import type { StudioState } from '../store/state';
import type { Screen } from '../store/training';

export interface CommandContext {
  state: StudioState;
  actions: Actions;
}

/** Arguments some commands take when run from a button or the menu (none from keys). */
export interface CommandArgMap {
  'toggle-favourite': { keys?: readonly string[] };
  'models-refresh': { modelId?: string };
  'view-large': { key?: string };
  'export-video': { format?: 'mp4' | 'webm' | 'gif' | 'apng' };
  'text-favourite': { id?: string };
}
export type CommandArgs<Id extends CommandId> = Id extends keyof CommandArgMap
  ? CommandArgMap[Id]
  : undefined;

/** One user command (Excalidraw-style action): keys, the palette, buttons and the menu run it. */
export interface Command<Id extends CommandId = CommandId> {
  id: Id;
  label: string;
  /** e.g. "Mod+K", "Shift+R", "S" — Mod is Ctrl, or Cmd on macOS. */
  shortcut?: string;
  /** Also fires while typing in a text field (only for Mod shortcuts). */
  global?: boolean;
  keywords?: string;
  /** Only available on this screen (shortcuts and palette); unset means everywhere. */
  screen?: Screen;
  /** Heading it is listed under in the shortcuts help. */
  group?: string;
  perform(ctx: CommandContext, args?: CommandArgs<Id>): void | Promise<void>;
  enabled(ctx: CommandContext): boolean;
}

const registry = new Map<CommandId, Command>();

export function register<Id extends CommandId>(command: Command<Id>): Command<Id> {
  const { screen } = command;
  const bound: Command<Id> = screen
    ? { ...command, enabled: (ctx) => ctx.state.screen === screen && command.enabled(ctx) }
    : command;
  registry.set(bound.id, bound);
  return bound;
}

export function allCommands(): Command[] {
  return [...registry.values()];
}

export function getCommand(id: CommandId): Command | undefined {
  return registry.get(id);
}

/**
 * Runs a command by id if it is enabled now. The one way anything runs a command: keys, the
 * palette, buttons and the desktop menu. Returns whether it ran.
 */
export async function runCommand<Id extends CommandId>(
  ctx: CommandContext,
  id: Id,
  args?: CommandArgs<Id>,
): Promise<boolean> {
  const command = registry.get(id) as Command<Id> | undefined;
  if (!command || !command.enabled(ctx)) return false;
  await command.perform(ctx, args);
  return true;
}

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Does a key event match a shortcut like "Mod+Shift+E"? */
export function matchesShortcut(e: KeyLike, shortcut: string, isMac = false): boolean {
  const parts = shortcut.split('+');
  const key = parts.pop()?.toLowerCase() ?? '';
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  const mod = isMac ? e.metaKey : e.ctrlKey;
  if (mods.has('mod') !== mod) return false;
  if (!isMac && e.metaKey) return false;
  if (isMac && e.ctrlKey) return false;
  // "?" is Shift+/ on most layouts: a printed symbol matches whatever shift it took.
  const symbol = key.length === 1 && !/[a-z0-9]/.test(key);
  if (!symbol && mods.has('shift') !== e.shiftKey) return false;
  if (mods.has('alt') !== e.altKey) return false;
  return e.key.toLowerCase() === key;
}

/** "Mod+Shift+E" → "Ctrl+Shift+E" (or "⌘⇧E" on macOS), for display. */
export function shortcutLabel(shortcut: string, isMac = false): string {
  if (!isMac) return shortcut.replace('Mod', 'Ctrl');
  return shortcut.replace('Mod+', '⌘').replace('Shift+', '⇧').replace('Alt+', '⌥');
}

/** Finds the enabled command bound to a key event. */
export function commandForKey(
  e: KeyLike,
  ctx: CommandContext,
  inTextField: boolean,
  isMac = false,
): Command | null {
  for (const c of registry.values()) {
    if (!c.shortcut || !matchesShortcut(e, c.shortcut, isMac)) continue;
    if (inTextField && !c.global) continue;
    if (!c.enabled(ctx)) continue;
    return c;
  }
  return null;
}

/** Palette filtering: every word of the query must appear in the label or keywords. */
export function filterCommands(commands: Command[], query: string): Command[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return commands.filter((c) => {
    const hay = `${c.label} ${c.keywords ?? ''}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
