// The points of a list cell's sparkline, as an SVG polyline's `points`: one point per sample, the newest
// at the right edge, the oldest `capacity - n` slots in from the left (so a line grows in from the right
// as samples arrive, as the Performance tab's charts do). Pure, so it is tested apart.

/**
 * @param values the samples, oldest first; undefined for a sample without a number (the line breaks)
 * @param max the value at the top edge (100 for CPU %, the assigned memory for memory)
 * @returns one polyline's points per unbroken run of numbers (empty: nothing to draw)
 */
export function sparklinePoints(
  values: (number | undefined)[],
  { width, height, capacity, max }: { width: number; height: number; capacity: number; max: number },
): string[] {
  const shown = values.slice(-capacity);
  const step = capacity > 1 ? width / (capacity - 1) : 0;
  const offset = capacity - shown.length;
  const top = max > 0 ? max : 1;
  const runs: string[] = [];
  let run: string[] = [];
  shown.forEach((v, i) => {
    if (v === undefined || !Number.isFinite(v)) {
      if (run.length) runs.push(run.join(' '));
      run = [];
      return;
    }
    const x = (offset + i) * step;
    // clamped, and kept half a pixel in from the edges so the 1 px stroke is not cut off
    const y = height - 0.5 - (Math.min(Math.max(v, 0), top) / top) * (height - 1);
    run.push(`${round(x)},${round(y)}`);
  });
  if (run.length) runs.push(run.join(' '));
  return runs;
}

const round = (n: number) => Math.round(n * 10) / 10;
