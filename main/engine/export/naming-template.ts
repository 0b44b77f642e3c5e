import { StudioError } from '../../contract/channels';

/**
 * File names from a template: {model}, {seed} ("z" when the latent has no seed), {index} (1-based,
 * 4 digits), {name} (the item's name, or the index), {date} (YYYY-MM-DD). Each value is made safe
 * for every file system (letters, digits, . _ - only); `.png` is added.
 */
export const DEFAULT_TEMPLATE = '{model}_{seed}_{index}';
const FIELDS = new Set(['model', 'seed', 'index', 'name', 'date']);

export interface NameFields {
  model: string;
  seed: number | null;
  index: number;
  name?: string | undefined;
  date?: Date;
}

export function safePart(s: string): string {
  return s
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 80);
}

export function checkTemplate(template: string): void {
  for (const [, field] of template.matchAll(/\{([^}]*)\}/g)) {
    if (!FIELDS.has(field ?? ''))
      throw new StudioError(
        'BAD_REQUEST',
        `The name template has an unknown field {${field}}; use {model}, {seed}, {index}, {name} or {date}.`,
      );
  }
  if (!/\{index\}|\{name\}/.test(template) && !/\{seed\}/.test(template))
    throw new StudioError(
      'BAD_REQUEST',
      'The name template needs {index}, {seed} or {name}, or every file would get the same name.',
    );
}

export function fileNameFromTemplate(template: string, fields: NameFields): string {
  const index = String(fields.index + 1).padStart(4, '0');
  const values: Record<string, string> = {
    model: fields.model,
    seed: fields.seed === null ? 'z' : String(fields.seed),
    index,
    name: fields.name ?? index,
    date: (fields.date ?? new Date()).toISOString().slice(0, 10),
  };
  const base = safePart(
    template.replace(/\{(\w+)\}/g, (_, key: string) => safePart(values[key] ?? '')),
  );
  return `${base || index}.png`;
}
