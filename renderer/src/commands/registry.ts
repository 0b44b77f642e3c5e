import type { Actions } from '../actions';
import type { StudioState } from '../state/studio';
import type { Screen } from '../state/training';

export interface CommandContext {
  state: StudioState;
  actions: Actions;
}

/** One user command (Excalidraw-style action): drives shortcuts, the palette and buttons. */
export interface Command {
  id: string;
  label: string;
  /** e.g. "Mod+K", "Shift+R", "S" — Mod is Ctrl, or Cmd on macOS. */
  shortcut?: string;
  /** Also fires while typing in a text field (only for Mod shortcuts). */
  global?: boolean;
  keywords?: string;
  /** Only available on this screen (shortcuts and palette); unset means everywhere. */
  screen?: Screen;
  perform(ctx: CommandContext): void | Promise<void>;
  enabled(ctx: CommandContext): boolean;
}

const registry = new Map<string, Command>();

export function register(command: Command): Command {
  const { screen } = command;
  const bound: Command = screen
    ? { ...command, enabled: (ctx) => ctx.state.screen === screen && command.enabled(ctx) }
    : command;
  registry.set(bound.id, bound);
  return bound;
}

export function allCommands(): Command[] {
  return [...registry.values()];
}

export function getCommand(id: string): Command | undefined {
  return registry.get(id);
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
  if (mods.has('shift') !== e.shiftKey) return false;
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
