// libvirt's memory units (<memory unit='GiB'>, <cell memory unit>, ...): decimal kB/MB/GB, binary
// KiB/MiB/GiB and their one-letter forms, which libvirt reads as binary.
//
// Exports:
//   memoryToKiB(value, unit?): number     a libvirt amount in KiB (0 when it is not a number)
//   formatKiB(kib): string                 "4 GiB", "1.5 GiB", "512 MiB", "100 KiB" for messages

const UNIT_KIB: Record<string, number> = {
  b: 1 / 1024,
  bytes: 1 / 1024,
  kb: 1000 / 1024,
  k: 1,
  kib: 1,
  mb: 1e6 / 1024,
  m: 1024,
  mib: 1024,
  gb: 1e9 / 1024,
  g: 1024 ** 2,
  gib: 1024 ** 2,
  tb: 1e12 / 1024,
  t: 1024 ** 3,
  tib: 1024 ** 3,
};

export function memoryToKiB(value: string | undefined, unit = 'KiB'): number {
  const n = Number(value ?? 0);
  const f = UNIT_KIB[unit.toLowerCase()] ?? 1;
  return Number.isFinite(n) ? Math.round(n * f) : 0;
}

export function formatKiB(kib: number): string {
  for (const [unit, size] of [
    ['TiB', 1024 ** 3],
    ['GiB', 1024 ** 2],
    ['MiB', 1024],
  ] as const) {
    if (kib >= size) return `${Number((kib / size).toFixed(2))} ${unit}`;
  }
  return `${kib} KiB`;
}
