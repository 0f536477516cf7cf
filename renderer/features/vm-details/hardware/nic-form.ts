// The network adapter forms' checks, in the user's words, as they type (pure: unit-tested).
import type { NicInfo, NicModel } from '../../../../preload/contract';

export type NicSource = { network: string } | { bridge: string };

/** undefined when the MAC may be used (empty: libvirt makes one); else why not */
export function macProblem(mac: string, nics: NicInfo[] = []): string | undefined {
  const m = mac.trim();
  if (!m) return undefined;
  if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(m)) return 'Must be a MAC address such as 52:54:00:12:34:56.';
  // the first byte's lowest bit marks a group (multicast) address, which no adapter may have
  if (Number.parseInt(m.slice(0, 2), 16) & 1)
    return 'Must be a unicast address: the first byte must be even (52:54:00:… is what QEMU uses).';
  if (nics.some((n) => n.mac.toLowerCase() === m.toLowerCase()))
    return 'This guest already has an adapter with this address.';
  return undefined;
}

/** a host bridge's name as Linux allows it (1-15 characters, no slash, space or colon) */
export function bridgeProblem(name: string): string | undefined {
  if (!name.trim()) return 'Type the name of a bridge on the host, such as br0.';
  if (!/^[^\s/:]{1,15}$/.test(name.trim()))
    return 'A bridge name has at most 15 characters and no spaces, slashes or colons.';
  return undefined;
}

/** the edits that turn this adapter into the chosen model and source (none when nothing changed) */
export function nicEdits(
  nic: NicInfo,
  /** undefined: the model stays as it is */
  model: NicModel | undefined,
  source: NicSource,
): (
  | { kind: 'nicModel'; mac: string; model: NicModel }
  | { kind: 'nicSource'; mac: string; source: NicSource }
)[] {
  const out: ReturnType<typeof nicEdits> = [];
  if (model && model !== nic.model) out.push({ kind: 'nicModel', mac: nic.mac, model });
  const same =
    'network' in source
      ? nic.type === 'network' && nic.source === source.network
      : nic.type === 'bridge' && nic.source === source.bridge;
  if (!same) out.push({ kind: 'nicSource', mac: nic.mac, source });
  return out;
}
