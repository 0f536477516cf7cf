// Which IPv4 subnets are already in use on a host (its routing table: /proc/net/route or `ip -j route`),
// and the first free 192.168.N.0/24 for a new network, as virt-manager and cockpit suggest one.
import { type Cidr, formatCidr, overlaps, parseCidr, parseIpv4 } from '../../preload/network-fields';

/** /proc/net/route: destination and mask are little-endian hex; the default route (0/0) takes no room */
export function parseProcNetRoute(text: string): { subnet: string; dev: string }[] {
  const out: { subnet: string; dev: string }[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const dst = leHex(f[1]);
    const mask = leHex(f[7]);
    if (dst === undefined || mask === undefined || mask === 0) continue;
    const prefix = 32 - Math.log2(2 ** 32 - mask);
    if (!Number.isInteger(prefix)) continue;
    out.push({ subnet: formatCidr({ base: dst, prefix }), dev: f[0] });
  }
  return out;
}

function leHex(hex: string): number | undefined {
  if (!/^[0-9A-Fa-f]{8}$/.test(hex)) return undefined;
  const n = Number.parseInt(hex, 16);
  return (((n & 0xff) << 24) | (((n >>> 8) & 0xff) << 16) | (((n >>> 16) & 0xff) << 8) | (n >>> 24)) >>> 0;
}

/** `ip -j route` (iproute2's JSON): "default" takes no room, a bare address is a /32 */
export function parseIpJsonRoutes(json: string): { subnet: string; dev: string }[] {
  let rows: unknown;
  try {
    rows = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(rows)) return [];
  const out: { subnet: string; dev: string }[] = [];
  for (const r of rows as { dst?: unknown; dev?: unknown }[]) {
    if (typeof r?.dst !== 'string' || r.dst === 'default') continue;
    const c = parseCidr(r.dst.includes('/') ? r.dst : `${r.dst}/32`);
    if (c && c.prefix > 0) out.push({ subnet: formatCidr(c), dev: typeof r.dev === 'string' ? r.dev : '' });
  }
  return out;
}

/** the first 192.168.N.0/24 (N from 100) that overlaps nothing taken, then 10.N.0.0/24 */
export function suggestSubnet(taken: string[]): string {
  const used = taken.map((t) => parseCidr(t)).filter((c): c is Cidr => c !== undefined);
  const free = (c: Cidr) => !used.some((u) => overlaps(c, u));
  for (let n = 100; n <= 254; n++) {
    const c = { base: parseIpv4(`192.168.${n}.0`)!, prefix: 24 };
    if (free(c)) return formatCidr(c);
  }
  for (let n = 100; n <= 254; n++) {
    const c = { base: parseIpv4(`10.${n}.0.0`)!, prefix: 24 };
    if (free(c)) return formatCidr(c);
  }
  return '172.31.255.0/24';
}
