/**
 * Where each frame of an interpolation strip sits along its waypoints: frame i is at segment
 * `segment` (waypoint segment → segment+1, wrapping to 0 when looping) and fraction t in [0, 1].
 * `frames` counts every frame including both ends. When looping, the path returns to the first
 * waypoint and the closing frame (a repeat of frame 0) is left out so the animation cycles cleanly.
 */
export interface StripPosition {
  segment: number;
  t: number;
}

export function stripPositions(waypoints: number, frames: number, loop = false): StripPosition[] {
  if (waypoints < 2 || frames < 2) return [];
  const segments = loop ? waypoints : waypoints - 1;
  const steps = loop ? frames : frames - 1;
  const out: StripPosition[] = [];
  for (let i = 0; i < frames; i++) {
    const s = (i / steps) * segments;
    let segment = Math.min(Math.floor(s), segments - 1);
    let t = s - segment;
    if (t > 1) t = 1;
    if (segment < 0) segment = 0;
    out.push({ segment, t });
  }
  return out;
}
