// A guest's processor and boot settings as its (saved) XML says, for the CPU and Boot cards. Pure.
//
// Exports:
//   cpuOf(xml): Omit<GuestCpu, 'offered'>   <cpu> mode, model and topology
//   bootOf(xml): GuestBoot                   <os><boot dev> (or the devices' own <boot order>), <bootmenu>
import type { GuestBoot, GuestCpu } from '../../preload/contract';
import { attr, child, children, find, findAll, parseXml, text, type XmlElement } from './xml';

const MODES = new Set(['host-passthrough', 'host-model', 'maximum', 'custom']);

export function cpuOf(xml: string): Omit<GuestCpu, 'offered'> {
  const cpu = child(parseXml(xml).documentElement!, 'cpu');
  const m = attr(cpu, 'mode') ?? 'custom';
  const mode = (MODES.has(m) ? m : 'custom') as GuestCpu['mode'];
  const model = mode === 'custom' ? text(child(cpu, 'model')) || undefined : undefined;
  const t = child(cpu, 'topology');
  const n = (name: string) => Number(attr(t, name) ?? 1) || 1;
  // dies and clusters (rare) count in with the sockets: the editor sets them back to 1
  const topology = t
    ? { sockets: n('sockets') * n('dies') * n('clusters'), cores: n('cores'), threads: n('threads') }
    : undefined;
  return { mode, ...(model ? { model } : {}), ...(topology ? { topology } : {}) };
}

type Kind = GuestBoot['order'][number];

function kindOf(device: XmlElement): Kind | undefined {
  if (device.tagName === 'interface') return 'network';
  if (device.tagName !== 'disk') return undefined;
  const d = attr(device, 'device') ?? 'disk';
  return d === 'cdrom' ? 'cdrom' : d === 'floppy' ? 'fd' : d === 'disk' ? 'hd' : undefined;
}

export function bootOf(xml: string): GuestBoot {
  const root = parseXml(xml).documentElement!;
  const menu = attr(find(root, 'os/bootmenu'), 'enable') === 'yes';
  const inOs = findAll(root, 'os/boot')
    .map((b) => attr(b, 'dev') as Kind)
    .filter((d) => ['hd', 'cdrom', 'network', 'fd'].includes(d));
  if (inOs.length > 0) return { order: [...new Set(inOs)], perDevice: false, menu };
  const perDevice = children(child(root, 'devices'))
    .map((d) => ({ kind: kindOf(d), order: Number(attr(child(d, 'boot'), 'order')) }))
    .filter((d): d is { kind: Kind; order: number } => d.kind !== undefined && d.order > 0)
    .sort((a, b) => a.order - b.order)
    .map((d) => d.kind);
  if (perDevice.length > 0) return { order: [...new Set(perDevice)], perDevice: true, menu };
  // nothing said: libvirt boots x86 guests from the first disk
  return { order: ['hd'], perDevice: false, menu };
}
