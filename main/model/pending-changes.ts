// What a running guest will get only at its next start: the hardware its saved definition (inactive XML)
// describes that the live XML does not, in words ("Memory: 2 GiB now, 4 GiB at next start"). Both XMLs
// are reduced to the same facts first, so what libvirt adds to a live definition (aliases, addresses,
// PCI slots, a host-model CPU expanded to its model, firmware paths chosen) is never a difference.
import { formatKiB, memoryToKiB } from './memory-units';
import { attr, child, children, find, findAll, parseXml, text, type XmlElement } from './xml';

type Facts = Map<string, string>;

function firmwareWords(root: XmlElement): string {
  const os = child(root, 'os');
  const efi = attr(os, 'firmware') === 'efi' || attr(child(os, 'loader'), 'type') === 'pflash';
  if (!efi) return 'BIOS';
  const secure =
    attr(child(os, 'loader'), 'secure') === 'yes' ||
    findAll(os, 'firmware/feature').some(
      (f) => attr(f, 'name') === 'secure-boot' && attr(f, 'enabled') === 'yes',
    );
  return secure ? 'UEFI with Secure Boot' : 'UEFI';
}

interface CpuFact {
  mode: string;
  model?: string;
}

function cpuOf(root: XmlElement): CpuFact {
  const cpu = child(root, 'cpu');
  return { mode: attr(cpu, 'mode') ?? 'custom', model: text(child(cpu, 'model')) || undefined };
}

const cpuWords = (c: CpuFact) => (c.mode === 'custom' ? (c.model ?? 'default') : c.mode);

/** the CPU the guest has now against the saved one, in words; undefined when it is the same CPU */
function cpuChange(live: CpuFact, saved: CpuFact): string | undefined {
  // libvirt writes a running guest's host-model CPU out as the custom model it expanded it to, and a
  // guest that names no model with the hypervisor's default one: neither is a change
  if (live.mode === 'custom' && (saved.mode === 'host-model' || (saved.mode === 'custom' && !saved.model)))
    return undefined;
  const [a, b] = [cpuWords(live), cpuWords(saved)];
  return a === b ? undefined : `CPU: ${a} now, ${b} at next start`;
}

function facts(root: XmlElement): Facts {
  const f: Facts = new Map();
  const vcpu = child(root, 'vcpu');
  const max = Number(text(vcpu) ?? 1);
  f.set('Processors', `${attr(vcpu, 'current') ?? max} of at most ${max}`);
  const topo = find(root, 'cpu/topology');
  if (topo)
    f.set(
      'Topology',
      `${attr(topo, 'sockets')} sockets, ${attr(topo, 'cores')} cores, ${attr(topo, 'threads')} threads`,
    );
  const memory = child(root, 'memory');
  f.set('Memory', formatKiB(memoryToKiB(text(memory), attr(memory, 'unit'))));
  f.set('Firmware', firmwareWords(root));
  const boot = findAll(root, 'os/boot').map((b) => attr(b, 'dev'));
  if (boot.length) f.set('Boot order', boot.join(', '));
  f.set('Boot menu', attr(find(root, 'os/bootmenu'), 'enable') === 'yes' ? 'on' : 'off');
  const devices = child(root, 'devices');
  for (const d of children(devices, 'disk')) {
    const target = attr(child(d, 'target'), 'dev');
    const src = child(d, 'source');
    const where =
      attr(src, 'file') ??
      attr(src, 'dev') ??
      (attr(src, 'volume') ? `${attr(src, 'pool')}/${attr(src, 'volume')}` : 'empty');
    const driver = child(d, 'driver');
    // a CD drive is always read-only: said only for disks
    const modes = [
      attr(child(d, 'target'), 'bus'),
      attr(driver, 'cache') && `cache ${attr(driver, 'cache')}`,
      attr(driver, 'discard') && `discard ${attr(driver, 'discard')}`,
      attr(d, 'device') !== 'cdrom' && child(d, 'readonly') && 'read-only',
    ].filter(Boolean);
    f.set(`${attr(d, 'device') === 'cdrom' ? 'CD/DVD' : 'Disk'} ${target}`, `${where} (${modes.join(', ')})`);
  }
  for (const nic of children(devices, 'interface')) {
    const mac = attr(child(nic, 'mac'), 'address') ?? '?';
    const src = child(nic, 'source');
    const on = attr(src, 'network') ?? attr(src, 'bridge') ?? attr(nic, 'type');
    const link = attr(child(nic, 'link'), 'state') === 'down' ? ', cable unplugged' : '';
    f.set(`Network card ${mac}`, `${attr(child(nic, 'model'), 'type') ?? 'default'} on ${on}${link}`);
  }
  const one = (name: string, words: (el: XmlElement) => string) => {
    const els = children(devices, name);
    return els.length ? els.map(words).join(', ') : 'none';
  };
  f.set(
    'TPM',
    one('tpm', (t) => `${attr(t, 'model') ?? 'tpm'} ${attr(child(t, 'backend'), 'version') ?? ''}`.trim()),
  );
  f.set(
    'Video',
    one('video', (v) => attr(child(v, 'model'), 'type') ?? 'default'),
  );
  f.set(
    'Sound',
    one('sound', (s) => attr(s, 'model') ?? 'default'),
  );
  f.set('USB tablet', children(devices, 'input').some((i) => attr(i, 'type') === 'tablet') ? 'yes' : 'no');
  const agent = children(devices, 'channel').some(
    (c) => attr(child(c, 'target'), 'name') === 'org.qemu.guest_agent.0',
  );
  f.set('Guest agent channel', agent ? 'yes' : 'no');
  f.set('Random number generator', children(devices, 'rng').length ? 'yes' : 'no');
  f.set(
    'Watchdog',
    one('watchdog', (w) => `${attr(w, 'model')} (${attr(w, 'action') ?? 'reset'})`),
  );
  return f;
}

/** each difference between the running guest and its saved definition, in words; empty when none */
export function pendingChanges(liveXml: string, inactiveXml: string): string[] {
  const [liveRoot, savedRoot] = [parseXml(liveXml).documentElement!, parseXml(inactiveXml).documentElement!];
  const now = facts(liveRoot);
  const next = facts(savedRoot);
  const out: string[] = [];
  const cpu = cpuChange(cpuOf(liveRoot), cpuOf(savedRoot));
  if (cpu) out.push(cpu);
  for (const key of new Set([...now.keys(), ...next.keys()])) {
    const a = now.get(key);
    const b = next.get(key);
    if (a === b) continue;
    if (a === undefined) out.push(`${key}: added at next start (${b})`);
    else if (b === undefined) out.push(`${key}: removed at next start`);
    else out.push(`${key}: ${a} now, ${b} at next start`);
  }
  return out;
}
