// Writes bench/results/NAME.json and prints one line, in the format of shared/CONVENTIONS.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

export interface BenchResult {
  name: string;
  unit: string;
  ours: number;
  peer?: number;
  peerName?: string;
  /** ours / peer unless the benchmark says otherwise */
  ratio?: number;
  goal: string;
  met: boolean;
  runs: number;
  extra?: Record<string, unknown>;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

const round = (x: number) => Math.round(x * 100) / 100;

export function report(r: BenchResult): BenchResult {
  const out = { ...r, ours: round(r.ours), peer: r.peer === undefined ? undefined : round(r.peer) };
  if (out.ratio !== undefined) out.ratio = round(out.ratio);
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${r.name}.json`),
    `${JSON.stringify({ ...out, machine: `${cpus().length} cores` }, null, 2)}\n`,
  );
  const peer = r.peer === undefined ? 'no peer' : `${r.peerName} ${out.peer} ${r.unit}`;
  const ratio = out.ratio === undefined ? '' : `, ratio ${out.ratio}`;
  console.log(
    `bench ${r.name}: ours ${out.ours} ${r.unit}, ${peer}${ratio} (goal ${r.goal}) ${r.met ? 'met' : 'MISSED'}`,
  );
  return out;
}

/** round i's order of the sides: each side first in turn, so none always runs first (or last) */
export function rotated<T>(sides: readonly T[], round: number): T[] {
  const k = round % sides.length;
  return [...sides.slice(k), ...sides.slice(0, k)];
}
