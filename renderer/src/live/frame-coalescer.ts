/**
 * Runs the latest of many calls once per animation frame. Pointer moves arrive faster than the
 * screen refreshes; re-rendering the canvas overlay for each one kept the main thread busy while
 * the engine's answer waited to be drawn. Overlays now update once per frame, and the live image
 * is drawn as soon as it arrives.
 */
// Outside a page (unit tests in Node) there are no animation frames: use a 16 ms timer instead.
const nextFrame: (run: () => void) => void =
  typeof requestAnimationFrame === 'function'
    ? (run) => requestAnimationFrame(run)
    : (run) => setTimeout(run, 16);

export function perFrame<T>(apply: (value: T) => void): (value: T) => void {
  let pending: { value: T } | null = null;
  return (value: T) => {
    const scheduled = pending !== null;
    pending = { value };
    if (scheduled) return;
    nextFrame(() => {
      const latest = pending;
      pending = null;
      if (latest) apply(latest.value);
    });
  };
}
