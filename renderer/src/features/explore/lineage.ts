import { parentsOf, type DocImage, type Lineage } from '../../store/doc';

/** One line of the family tree: what the image is, how it was made, and its parents below it. */
export interface LineageNode {
  key: string;
  label: string;
  how: string;
  parents: LineageNode[];
}

/** How an image was made, in words (without its parents, which the tree shows). */
export function lineageWords(lineage: Lineage, directionName: (id: string) => string): string {
  switch (lineage.op) {
    case 'seed':
      return `seed ${lineage.seed}${lineage.truncation !== undefined ? `, truncation ${lineage.truncation}` : ''}`;
    case 'png':
      return `opened from ${lineage.source.file}`;
    case 'blend':
      return `blend of ${lineage.parents.map((p) => `${Math.round(p.weight * 100)}%`).join(' + ')}`;
    case 'mix':
      return `${lineage.method} at t = ${lineage.t.toFixed(2)}`;
    case 'arithmetic':
      return 'A − B + C';
    case 'breed':
      return `${lineage.operation} of ${lineage.parents.length} parent${lineage.parents.length === 1 ? '' : 's'}, mutation ${lineage.strength.toFixed(2)}`;
    case 'direction':
      return lineage.moves
        .map(
          (m) =>
            `${directionName(m.directionId)} ${m.amount >= 0 ? '+' : ''}${m.amount.toFixed(1)}`,
        )
        .join(', ');
    case 'encode':
      return `encoded from ${lineage.source.file}`;
    case 'project':
      return `projected from ${lineage.source.file} (distance ${lineage.distance.toFixed(3)}, ${lineage.steps} steps)`;
    case 'path':
      return `keyframe path at ${lineage.time.toFixed(2)} s`;
    case 'other':
      return lineage.note;
  }
}

/**
 * The family tree of an image, to `depth` generations; an ancestor seen twice is shown once
 * (a blend of a blend of the same anchors stays small).
 */
export function lineageTree(
  images: Record<string, DocImage>,
  key: string,
  directionName: (id: string) => string,
  depth = 4,
  seen = new Set<string>(),
): LineageNode | null {
  const image = images[key];
  if (!image) return null;
  seen.add(key);
  const parents =
    depth <= 0
      ? []
      : parentsOf(image.lineage)
          .filter((p) => !seen.has(p))
          .map((p) => lineageTree(images, p, directionName, depth - 1, seen))
          .filter((n): n is LineageNode => n !== null);
  return { key, label: image.label, how: lineageWords(image.lineage, directionName), parents };
}
