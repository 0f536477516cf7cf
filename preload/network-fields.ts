// What a virtual network's name, bridge, subnet and DHCP range may be, in the user's words: one rule for
// networks.create (main) and the Create network dialog as it is typed (renderer). Pure IPv4 arithmetic.

export interface Cidr {
  /** the network address as an unsigned 32-bit number */
  base: number;
  prefix: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function parseIpv4(text: string): number | undefined {
  const parts = text.trim().split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function prefixOfNetmask(netmask: string): number | undefined {
  const m = parseIpv4(netmask);
  if (m === undefined) return undefined;
  const prefix = 32 - Math.log2(2 ** 32 - m);
  return Number.isInteger(prefix) && maskOf(prefix) === m ? prefix : undefined;
}

/** "192.168.100.0/24" (an address inside it is taken down to its network); undefined when not IPv4/N */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^\s*([\d.]+)\/(\d{1,2})\s*$/.exec(text);
  if (!m) return undefined;
  const addr = parseIpv4(m[1]);
  const prefix = Number(m[2]);
  if (addr === undefined || prefix > 32) return undefined;
  return { base: (addr & maskOf(prefix)) >>> 0, prefix };
}

export function formatCidr(c: Cidr): string {
  return `${formatIpv4(c.base)}/${c.prefix}`;
}

export function lastOf(c: Cidr): number {
  return c.base + 2 ** (32 - c.prefix) - 1;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base <= lastOf(b) && b.base <= lastOf(a);
}

export function contains(c: Cidr, ip: number): boolean {
  return ip >= c.base && ip <= lastOf(c);
}

/** the host's address on the network (its first), and the DHCP range libvirt's default uses: .2 to the last but one */
export function addressesOf(c: Cidr): { host: string; dhcpStart: string; dhcpEnd: string } {
  return {
    host: formatIpv4(c.base + 1),
    dhcpStart: formatIpv4(c.base + 2),
    dhcpEnd: formatIpv4(lastOf(c) - 1),
  };
}

export const MIN_PREFIX = 8;
export const MAX_PREFIX = 30;

/** why `text` cannot be a new network's subnet, or undefined; `taken` are the subnets in use and by whom */
export function subnetProblem(text: string, taken: { subnet: string; by: string }[]): string | undefined {
  if (text.trim() === '') return 'Give the network a subnet, such as 192.168.100.0/24.';
  const c = parseCidr(text);
  if (!c) return 'Write the subnet as an IPv4 address and a prefix length, such as 192.168.100.0/24.';
  if (c.prefix < MIN_PREFIX || c.prefix > MAX_PREFIX)
    return `The prefix length must be between /${MIN_PREFIX} and /${MAX_PREFIX}.`;
  if (formatCidr(c) !== text.trim())
    return `${text.trim()} is not the start of its subnet: did you mean ${formatCidr(c)}?`;
  const first = c.base >>> 24;
  if (first === 0 || first === 127 || first >= 224)
    return 'That range is reserved (loopback, multicast or "this network"); use a private range such as 192.168.x.0/24.';
  for (const t of taken) {
    const other = parseCidr(t.subnet);
    if (other && overlaps(c, other)) return `${formatCidr(c)} overlaps ${t.subnet}, used by ${t.by}.`;
  }
  return undefined;
}

/** why start..end cannot be the DHCP range of `subnet` (already valid), or undefined */
export function dhcpRangeProblem(subnet: string, start: string, end: string): string | undefined {
  const c = parseCidr(subnet);
  if (!c) return undefined;
  const s = parseIpv4(start);
  const e = parseIpv4(end);
  if (s === undefined) return 'The first DHCP address is not an IPv4 address.';
  if (e === undefined) return 'The last DHCP address is not an IPv4 address.';
  const inside = (ip: number) => ip > c.base + 1 && ip < lastOf(c);
  if (!inside(s) || !inside(e))
    return `The DHCP range must lie inside ${subnet}, after the host's ${formatIpv4(c.base + 1)} and before its broadcast address.`;
  if (s > e) return 'The first DHCP address must come before the last.';
  return undefined;
}

export const NETWORK_NAME_MAX = 50;

/** libvirt refuses '/' and newlines in a network's name; KVM Desk keeps to what a shell and a file name take */
export function networkNameProblem(
  name: string,
  existing: ReadonlySet<string> = new Set(),
): string | undefined {
  if (name.trim() === '') return 'Give the network a name.';
  if (!/^[A-Za-z0-9._-]+$/.test(name))
    return 'A network name can only contain letters, digits, dots (.), hyphens (-) and underscores (_).';
  if (!/^[A-Za-z0-9_]/.test(name))
    return 'A network name must start with a letter, a digit or an underscore.';
  if (name.length > NETWORK_NAME_MAX)
    return `A network name can be at most ${NETWORK_NAME_MAX} characters long.`;
  if (existing.has(name)) return `A network named "${name}" already exists. Choose another name.`;
  return undefined;
}

/** Linux interface names: at most 15 characters (IFNAMSIZ 16 with its NUL), no '/', no spaces */
export const BRIDGE_NAME_MAX = 15;

export function bridgeNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'Choose the host bridge the network joins.';
  if (name.length > BRIDGE_NAME_MAX)
    return `A bridge name can be at most ${BRIDGE_NAME_MAX} characters long (a Linux limit).`;
  if (!/^[A-Za-z0-9._-]+$/.test(name) || name === '.' || name === '..')
    return 'A bridge name can only contain letters, digits, dots, hyphens and underscores.';
  return undefined;
}
