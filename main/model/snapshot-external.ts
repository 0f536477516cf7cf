// External snapshots (overlay files, a memory file), the pure parts: the overlay's name beside its disk,
// the <domainsnapshot> a take asks libvirt for, the definitions a snapshot keeps (<domain>: the guest as
// it ran, the one its memory file restores; <inactiveDomain>: its saved definition), those definitions on
// new overlays, and the plan of KVM Desk's own revert (libvirt < 9.9 refuses to revert external ones).
//
// Exports:
//   overlayPath(diskFile, snapshot, taken): string     DIR/STEM.SNAP.qcow2 (.2, .3 … when taken)
//   buildExternalSnapshotXml(spec): string
//   snapshotDefinitions(snapXml): { domain, inactive? }  standalone <domain> documents
//   diskSourcesOf(domainXml): Map<target, file>          the file-backed disks' sources
//   withDiskSources(domainXml, Map<target, file>): string  those disks on qcow2 files, no <backingStore>
//   withSnapshotState(snapXml, state): string           <state> changed (a redefine)
//   planExternalRevert(o): RevertStep[]
import { basename, dirname, join } from 'node:path';
import {
  attr,
  buildXml,
  child,
  children,
  ensureChild,
  findAll,
  h,
  parseXml,
  removeElement,
  serializeXml,
  setAttr,
  setText,
  type XmlElement,
  XmlError,
} from './xml';

/** a snapshot's name as part of a file name: only letters, digits, '.', '_' and '-' */
export function fileSafe(name: string): string {
  const s = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return s || 'snapshot';
}

/** The overlay of `diskFile` for snapshot `snapshot`: beside it, its name without the extension, then the snapshot's. */
export function overlayPath(diskFile: string, snapshot: string, taken: (path: string) => boolean): string {
  const stem = basename(diskFile).replace(/\.(qcow2|img|raw|qcow)$/i, '');
  const base = join(dirname(diskFile), `${stem}.${fileSafe(snapshot)}`);
  let path = `${base}.qcow2`;
  for (let n = 2; taken(path); n++) path = `${base}.${n}.qcow2`;
  return path;
}

export interface ExternalSnapshotSpec {
  name: string;
  description?: string;
  /** the memory file (a running guest's snapshot with memory) */
  memoryFile?: string;
  /** the disks the snapshot covers and their new overlays (made beforehand: REUSE_EXT) */
  overlays: { target: string; file: string }[];
  /** every other disk's target: left out of the snapshot (CDs, read-only and shareable disks) */
  skipped: string[];
}

export function buildExternalSnapshotXml(spec: ExternalSnapshotSpec): string {
  return buildXml(
    h(
      'domainsnapshot',
      {},
      h('name', {}, spec.name),
      spec.description ? h('description', {}, spec.description) : undefined,
      spec.memoryFile
        ? h('memory', { snapshot: 'external', file: spec.memoryFile })
        : h('memory', { snapshot: 'no' }),
      h(
        'disks',
        {},
        ...spec.overlays.map((o) =>
          h(
            'disk',
            { name: o.target, snapshot: 'external', type: 'file' },
            h('driver', { type: 'qcow2' }),
            h('source', { file: o.file }),
          ),
        ),
        ...spec.skipped.map((t) => h('disk', { name: t, snapshot: 'no' })),
      ),
    ),
  );
}

/** the definitions a snapshot keeps, each as a standalone <domain> document */
export function snapshotDefinitions(snapXml: string): { domain: string; inactive?: string } {
  const root = parseXml(snapXml).documentElement!;
  const domain = child(root, 'domain');
  if (!domain) throw new XmlError('The snapshot’s XML has no guest definition.');
  const inactive = child(root, 'inactiveDomain');
  // serialized on its own (namespaces are declared on the elements that use them), <inactiveDomain> renamed
  const standalone = (el: XmlElement) =>
    serializeXml(el)
      .replace(/^<inactiveDomain/, '<domain')
      .replace(/<\/inactiveDomain>$/, '</domain>');
  return { domain: standalone(domain), ...(inactive ? { inactive: standalone(inactive) } : {}) };
}

/** the disks' file sources by target (file disks only; a pool volume has none here) */
export function diskSourcesOf(domainXml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of findAll(parseXml(domainXml).documentElement!, 'devices/disk')) {
    const target = attr(child(d, 'target'), 'dev');
    const file = attr(child(d, 'source'), 'file');
    if (target && file) out.set(target, file);
  }
  return out;
}

/**
 * The definition with these disks on these qcow2 files (type file, the source's other attributes and its
 * <backingStore> dropped: libvirt reads the chain from the file); every other element is kept.
 */
export function withDiskSources(domainXml: string, files: Map<string, string>): string {
  const doc = parseXml(domainXml);
  const seen = new Set<string>();
  for (const d of findAll(doc.documentElement!, 'devices/disk')) {
    const target = attr(child(d, 'target'), 'dev');
    const file = target ? files.get(target) : undefined;
    if (!target || !file) continue;
    seen.add(target);
    setAttr(d, 'type', 'file');
    setAttr(ensureChild(d, 'driver'), 'type', 'qcow2');
    const source = ensureChild(d, 'source');
    for (const a of Array.from(source.attributes)) source.removeAttribute(a.name);
    for (const n of Array.from(source.childNodes)) source.removeChild(n);
    setAttr(source, 'file', file);
    for (const b of children(d, 'backingStore')) removeElement(b);
  }
  const missing = [...files.keys()].filter((t) => !seen.has(t));
  if (missing.length > 0) throw new XmlError(`The guest has no disk ${missing.join(', ')} any more.`);
  return serializeXml(doc);
}

/** the snapshot's XML with another <state>, for a redefine */
export function withSnapshotState(snapXml: string, state: string): string {
  const doc = parseXml(snapXml);
  setText(ensureChild(doc.documentElement!, 'state'), state);
  return serializeXml(doc);
}

/** One step of KVM Desk's revert; each is undone in reverse when a later one fails. */
export type RevertStep =
  | 'make-overlays'
  | 'save-guest'
  | 'keep-host-state'
  | 'restore-nvram'
  | 'restore-tpm'
  | 'define'
  | 'restore-memory'
  | 'start'
  | 'mark-current'
  | 'drop-saved-guest'
  | 'remove-discarded';

/**
 * The steps of a revert to an external snapshot. The running guest is saved (managed save), not
 * destroyed, so a failure can bring it back as it was; the save is dropped only once the reverted guest
 * is defined (and running when the snapshot was). The new overlays are made first, while nothing has
 * changed yet; the files discarded (the changes since the snapshot) go last, when nothing can fail.
 */
export function planExternalRevert(o: {
  guestActive: boolean;
  memory: boolean;
  /** the snapshot's guest state: a disk-only snapshot of a running guest starts it */
  state: 'running' | 'paused' | 'shutoff' | 'other';
  nvram: boolean;
  tpm: boolean;
}): RevertStep[] {
  const steps: RevertStep[] = ['make-overlays'];
  if (o.guestActive) steps.push('save-guest');
  if (o.nvram || o.tpm) steps.push('keep-host-state');
  if (o.nvram) steps.push('restore-nvram');
  if (o.tpm) steps.push('restore-tpm');
  steps.push('define');
  // a start would restore the managed save: it goes first (a restore of a memory file ignores it)
  if (o.memory) steps.push('restore-memory');
  else if (o.state === 'running' || o.state === 'paused') {
    if (o.guestActive) steps.push('drop-saved-guest');
    steps.push('start');
  }
  steps.push('mark-current');
  if (o.guestActive && !steps.includes('drop-saved-guest')) steps.push('drop-saved-guest');
  steps.push('remove-discarded');
  return steps;
}

/** the memory file of an external snapshot with memory, as its XML names it */
export function memoryFileOf(snapXml: string): string | undefined {
  const m = child(parseXml(snapXml).documentElement!, 'memory');
  return attr(m, 'snapshot') === 'external' ? attr(m, 'file') : undefined;
}

/** the overlay files an external snapshot made (its <disks>' sources) */
export function overlayFilesOf(snapXml: string): string[] {
  const disks = child(parseXml(snapXml).documentElement!, 'disks');
  return children(disks, 'disk')
    .filter((d) => attr(d, 'snapshot') === 'external')
    .map((d) => attr(child(d, 'source'), 'file'))
    .filter((f): f is string => f !== undefined);
}
