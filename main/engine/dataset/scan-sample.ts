/**
 * `count` items spread evenly over `items` (first, last and evenly between), in their order; all
 * of them when there are no more than `count`. A scan's files are sorted by path, so the sample
 * shows the whole folder rather than its first sub-folder.
 */
export function evenSample<T>(items: readonly T[], count: number): T[] {
  if (count <= 0) return [];
  if (items.length <= count) return [...items];
  if (count === 1) return [items[0]!];
  const picked: T[] = [];
  for (let i = 0; i < count; i++)
    picked.push(items[Math.round((i * (items.length - 1)) / (count - 1))]!);
  return picked;
}
