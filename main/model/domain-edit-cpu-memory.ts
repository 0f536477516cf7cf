// Processors and memory of a guest, edited in place: <vcpu>, <cpu> (mode, model, topology) and
// <memory>/<currentMemory>. Everything else inside <cpu> (features, NUMA cells, cache) stays while it
// still means something in the new mode; cpuModeChangeDrops says what a mode change leaves out.
//
// Exports:
//   setVcpus(xml, current, maximum): string          <vcpu current=...>maximum</vcpu>; a topology that no
//                                                     longer multiplies to the maximum is reshaped
//   setTopology(xml, sockets, cores, threads): string <cpu><topology>, which must make the maximum
//   CpuMode                                           'host-passthrough' | 'host-model' | 'maximum' | { custom }
//   setCpuMode(xml, mode): string                     <cpu mode=...> (and <model> for a custom CPU)
//   cpuModeChangeDrops(xml, mode): string[]           what setCpuMode would leave out, in the user's words
//   setMemory(xml, currentKiB, maxKiB): string        <memory unit='KiB'> and <currentMemory unit='KiB'>
import { DOMAIN_ORDER, DomainEditError, editDomain, ensureInOrder, insertInOrder } from './domain-edit-core';
import { formatKiB, memoryToKiB } from './memory-units';
import {
  attr,
  child,
  children,
  findAll,
  parseXml,
  removeElement,
  setAttr,
  setText,
  text,
  type XmlElement,
} from './xml';

export type CpuMode = 'host-passthrough' | 'host-model' | 'maximum' | { custom: string };

// the order libvirt writes <cpu>'s children in (the schema accepts any)
const CPU_ORDER = ['model', 'vendor', 'topology', 'cache', 'maxphysaddr', 'feature', 'numa'];
// QEMU's limit for an x86 q35 guest is 288 (4096 with newer machine types); libvirt reports the host's
const MAX_VCPUS = 4096;

function whole(what: string, n: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new DomainEditError(`${what} must be a whole number ${range}, not ${n}.`);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const TOPOLOGY_PARTS = ['sockets', 'dies', 'clusters', 'cores', 'threads'] as const;
const part = (t: XmlElement, name: string) => Number(attr(t, name) ?? 1);
const topologyProduct = (t: XmlElement) => TOPOLOGY_PARTS.reduce((p, n) => p * part(t, n), 1);

/** Keeps cores x threads (and dies) and changes the sockets; else one socket; else all sockets. */
function reshapeTopology(t: XmlElement, maximum: number): void {
  const perSocket = topologyProduct(t) / part(t, 'sockets');
  const perCore = part(t, 'threads');
  if (maximum % perSocket === 0) {
    setAttr(t, 'sockets', maximum / perSocket);
    return;
  }
  for (const n of ['dies', 'clusters'] as const) if (t.hasAttribute(n)) setAttr(t, n, 1);
  if (maximum % perCore === 0) {
    setAttr(t, 'sockets', 1);
    setAttr(t, 'cores', maximum / perCore);
    return;
  }
  setAttr(t, 'sockets', maximum);
  setAttr(t, 'cores', 1);
  setAttr(t, 'threads', 1);
}

export function setVcpus(xml: string, current: number, maximum: number): string {
  whole('The maximum number of processors', maximum, 1, MAX_VCPUS);
  whole('The number of processors', current, 1, MAX_VCPUS);
  if (current > maximum) {
    throw new DomainEditError(
      `The processors in use (${current}) cannot be more than the maximum (${maximum}).`,
    );
  }
  return editDomain(xml, (root) => {
    const vcpu = ensureInOrder(root, 'vcpu', DOMAIN_ORDER);
    const oldMax = Number(text(vcpu) || 1);
    if (maximum !== oldMax) {
      if (child(root, 'vcpus')) {
        throw new DomainEditError(
          'This guest lists each processor on its own (<vcpus>); KVM Desk cannot change their number.',
        );
      }
      const cells = findAll(child(root, 'cpu'), 'numa/cell');
      if (cells.length > 0) {
        const layout = cells.map((c) => attr(c, 'cpus')).join(', ');
        throw new DomainEditError(
          `This guest's processors are laid out in NUMA cells (${layout}); change that layout to change the maximum.`,
        );
      }
      const pinned = findAll(root, 'cputune/*')
        .map((e) => Number(attr(e, 'vcpu') ?? attr(e, 'vcpus')?.split(/[-,^]/)[0] ?? -1))
        .filter((v) => v >= maximum);
      if (pinned.length > 0) {
        throw new DomainEditError(
          `Processor ${pinned[0]} has its own tuning (<cputune>); with a maximum of ${maximum} it would not exist. Remove that tuning first.`,
        );
      }
    }
    setText(vcpu, String(maximum));
    setAttr(vcpu, 'current', current < maximum ? current : undefined);
    const topology = child(child(root, 'cpu'), 'topology');
    if (topology && topologyProduct(topology) !== maximum) reshapeTopology(topology, maximum);
  });
}

export function setTopology(xml: string, sockets: number, cores: number, threads: number): string {
  whole('Sockets', sockets, 1, MAX_VCPUS);
  whole('Cores', cores, 1, MAX_VCPUS);
  whole('Threads', threads, 1, MAX_VCPUS);
  return editDomain(xml, (root) => {
    const maximum = Number(text(child(root, 'vcpu')) || 1);
    const made = sockets * cores * threads;
    if (made !== maximum) {
      throw new DomainEditError(
        `${plural(sockets, 'socket')} × ${plural(cores, 'core')} × ${plural(threads, 'thread')} make ${plural(made, 'processor')}, but this guest has a maximum of ${maximum}. Choose numbers that multiply to ${maximum}.`,
      );
    }
    const cpu = ensureInOrder(root, 'cpu', DOMAIN_ORDER);
    const topology =
      child(cpu, 'topology') ?? insertInOrder(cpu, { name: 'topology', attrs: {}, children: [] }, CPU_ORDER);
    setAttr(topology, 'sockets', sockets);
    for (const n of ['dies', 'clusters']) if (topology.hasAttribute(n)) setAttr(topology, n, 1);
    setAttr(topology, 'cores', cores);
    setAttr(topology, 'threads', threads);
  });
}

const PASSTHROUGH_MODES = new Set(['host-passthrough', 'maximum']);

function modeName(mode: CpuMode): string {
  return typeof mode === 'string' ? mode : 'custom';
}

/** The children and attributes of <cpu> that mean nothing (or are refused) in the new mode. */
function dropsOf(cpu: XmlElement | undefined, mode: CpuMode): { el: XmlElement; says: string }[] {
  const name = modeName(mode);
  const drops: { el: XmlElement; says: string }[] = [];
  if (name !== 'custom') {
    for (const m of children(cpu, 'model')) {
      // host-model's old <model fallback='allow'/> has no name: nothing the user chose
      drops.push({ el: m, says: text(m) ? `the CPU model ${text(m)}` : '' });
    }
    for (const v of children(cpu, 'vendor')) drops.push({ el: v, says: `the CPU vendor ${text(v)}` });
  }
  if (!PASSTHROUGH_MODES.has(name)) {
    // libvirt 9.0: "CPU cache mode 'passthrough' can only be used with 'host-passthrough' CPUs"
    for (const c of children(cpu, 'cache').filter((e) => attr(e, 'mode') === 'passthrough')) {
      drops.push({ el: c, says: "the host's CPU cache passed through" });
    }
    for (const c of children(cpu, 'maxphysaddr').filter((e) => attr(e, 'mode') === 'passthrough')) {
      drops.push({ el: c, says: "the host's physical address width passed through" });
    }
  }
  return drops;
}

function checkMode(mode: CpuMode): void {
  if (typeof mode === 'object' && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(mode.custom)) {
    throw new DomainEditError(
      `"${mode.custom}" is not a CPU model name (such as Skylake-Client or EPYC-Rome).`,
    );
  }
}

export function cpuModeChangeDrops(xml: string, mode: CpuMode): string[] {
  checkMode(mode);
  const cpu = child(parseXml(xml).documentElement!, 'cpu');
  return dropsOf(cpu, mode)
    .map((d) => d.says)
    .filter(Boolean);
}

export function setCpuMode(xml: string, mode: CpuMode): string {
  checkMode(mode);
  return editDomain(xml, (root) => {
    const cpu = ensureInOrder(root, 'cpu', DOMAIN_ORDER);
    for (const d of dropsOf(cpu, mode)) removeElement(d.el);
    const name = modeName(mode);
    setAttr(cpu, 'mode', name);
    // match is a custom CPU's rule; migratable is a passthrough CPU's
    setAttr(cpu, 'match', name === 'custom' ? (attr(cpu, 'match') ?? 'exact') : undefined);
    if (!PASSTHROUGH_MODES.has(name)) setAttr(cpu, 'migratable', undefined);
    // check: libvirt's default differs per mode (none for passthrough, partial else); the old one misleads
    setAttr(cpu, 'check', PASSTHROUGH_MODES.has(name) ? 'none' : undefined);
    if (typeof mode === 'object') {
      const model =
        child(cpu, 'model') ?? insertInOrder(cpu, { name: 'model', attrs: {}, children: [] }, CPU_ORDER);
      setText(model, mode.custom);
    }
  });
}

export function setMemory(xml: string, currentKiB: number, maxKiB: number): string {
  whole('The maximum memory in KiB', maxKiB, 1024);
  whole('The memory in KiB', currentKiB, 1024);
  if (currentKiB > maxKiB) {
    throw new DomainEditError(
      `The memory in use (${formatKiB(currentKiB)}) cannot be more than the maximum (${formatKiB(maxKiB)}).`,
    );
  }
  return editDomain(xml, (root) => {
    const cells = findAll(child(root, 'cpu'), 'numa/cell');
    const inCells = cells.reduce((sum, c) => sum + memoryToKiB(attr(c, 'memory'), attr(c, 'unit')), 0);
    // libvirt 9.0 sets <memory> to the sum of the NUMA cells whatever it says
    if (cells.length > 0 && inCells !== maxKiB) {
      throw new DomainEditError(
        `This guest's memory is split across ${plural(cells.length, 'NUMA cell')} (${formatKiB(inCells)} in all); its maximum follows those cells.`,
      );
    }
    const hotplug = child(root, 'maxMemory');
    const limit = hotplug ? memoryToKiB(text(hotplug), attr(hotplug, 'unit')) : Number.POSITIVE_INFINITY;
    if (maxKiB > limit) {
      throw new DomainEditError(
        `The maximum memory (${formatKiB(maxKiB)}) is above this guest's memory hotplug limit (${formatKiB(limit)}).`,
      );
    }
    for (const [name, kib] of [
      ['memory', maxKiB],
      ['currentMemory', currentKiB],
    ] as const) {
      const el = ensureInOrder(root, name, DOMAIN_ORDER);
      setText(el, String(kib));
      setAttr(el, 'unit', 'KiB');
    }
  });
}
