/**
 * Which emoji of `emoji-datasource-google` (emoji.json) go into the training folder. Pure, so a
 * test can pin it against the installed package. Why these subsets: scripts/datasets/README.md.
 */
export interface EmojiEntry {
  name: string;
  unified: string;
  image: string;
  category: string;
  subcategory: string;
  sort_order: number;
  has_img_google: boolean;
  skin_variations?: Record<string, unknown>;
}

export type EmojiSubset = 'faces' | 'broad';
export const EMOJI_SUBSETS: readonly EmojiSubset[] = ['faces', 'broad'];

/** Head-and-shoulders people: one face each, drawn large. Walking, sporting figures are not. */
const PORTRAITS = new Set(['person', 'person-gesture', 'person-role', 'person-fantasy']);
/** Never: flags (stripes, many near-identical tricolours), symbols (signs, keycaps, letters), components (swatches). */
const NEVER = new Set(['Flags', 'Symbols', 'Component']);

function isFace(e: EmojiEntry): boolean {
  if (e.category === 'Smileys & Emotion')
    return (
      e.subcategory.startsWith('face-') ||
      e.subcategory === 'cat-face' ||
      e.subcategory === 'monkey-face'
    );
  if (e.category === 'People & Body') return PORTRAITS.has(e.subcategory);
  return e.category === 'Animals & Nature' && / FACE$/.test(e.name);
}

/**
 * The chosen entries in Unicode (CLDR) order. Only each emoji's base image: its skin-tone
 * variants (`skin_variations`) are the same drawing recoloured, never included.
 *   faces: smileys, cat and monkey faces, people portraits, animal faces;
 *   broad: faces plus every other non-flag, non-symbol emoji (objects, food, animals, places,
 *          activities, hands, figures).
 */
export function selectEmoji(entries: readonly EmojiEntry[], subset: EmojiSubset): EmojiEntry[] {
  return entries
    .filter((e) => e.has_img_google && !NEVER.has(e.category))
    .filter((e) => subset === 'broad' || isFace(e))
    .sort((a, b) => a.sort_order - b.sort_order);
}

/** A file name that says what the image is: `<subcategory>-<codepoints>.png`. */
export function emojiFileName(e: EmojiEntry): string {
  return `${e.subcategory.replace(/[^a-z0-9-]+/gi, '-')}-${e.unified.toLowerCase()}.png`;
}

/** Straight-alpha RGBA over an opaque background colour, rounded to the nearest 8-bit value. */
export function compositeOnto(
  rgba: Uint8Array,
  background: readonly [number, number, number],
): Uint8Array {
  const out = new Uint8Array(rgba.length);
  for (let p = 0; p < rgba.length; p += 4) {
    const a = rgba[p + 3]!;
    for (let c = 0; c < 3; c++)
      out[p + c] = Math.round((rgba[p + c]! * a + background[c]! * (255 - a)) / 255);
    out[p + 3] = 255;
  }
  return out;
}
