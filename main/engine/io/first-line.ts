/**
 * Runtime errors (onnxruntime, tfjs) carry multi-line native messages, sometimes with stack frames
 * and absolute paths. Fold the message into one short sentence: no frames, no "Load model from
 * /long/path failed:" prefix (the caller names the file), capped in length.
 */
export function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = text
    .split('\n')
    .filter((l) => !/^\s*at\s/.test(l))
    .join(' ')
    .replace(/^.*?Load model from .*? failed:\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (line === '') return 'unknown error';
  return line.length > 240 ? `${line.slice(0, 237)}...` : line;
}
