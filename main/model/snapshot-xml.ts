// libvirt's snapshot XML (<domainsnapshot>): read the facts the Snapshots tab shows, build the XML a
// new snapshot is taken with, and change a snapshot's description in place for a redefine (everything
// else in it, the saved domain definitions and libvirt's cookie included, is kept as it is).
//
// Exports:
//   parseSnapshotXml(xml): SnapshotFacts
//   buildSnapshotXml({ name, description? }): string
//   withSnapshotDescription(xml, description): string      '' removes it
//   snapshotNameProblem(name): string | undefined          the user's words, undefined when fine
import type { SnapshotGuestState, SnapshotInfo } from '../../preload/snapshots';
import {
  attr,
  buildXml,
  child,
  children,
  h,
  insertTreeAfter,
  parseXml,
  removeElement,
  serializeXml,
  setText,
  text,
  XmlError,
} from './xml';

/** A snapshot as its XML has it (the current marker and sizes come from elsewhere). */
export type SnapshotFacts = Omit<SnapshotInfo, 'current' | 'sizeBytes' | 'sizeNote'> & {
  /** the disks libvirt snapshotted, by target, and how ('internal', 'external'; 'no' ones left out) */
  disks: { target: string; location: 'internal' | 'external' }[];
};

const STATES: Record<string, SnapshotGuestState> = {
  running: 'running',
  blocked: 'running',
  paused: 'paused',
  pmsuspended: 'paused',
  shutoff: 'shutoff',
  shutdown: 'shutoff',
  crashed: 'shutoff',
  // libvirt's state of a disk-only snapshot of a running guest
  'disk-snapshot': 'running',
};

export function parseSnapshotXml(xml: string): SnapshotFacts {
  const root = parseXml(xml).documentElement!;
  if (root.tagName !== 'domainsnapshot') throw new XmlError('This is not a snapshot’s XML.');
  const name = text(child(root, 'name'));
  if (!name) throw new XmlError('The snapshot’s XML has no name.');
  const stateText = text(child(root, 'state')) ?? '';
  const memory = attr(child(root, 'memory'), 'snapshot');
  // before libvirt 1.0.1 there was no <memory>: a running snapshot then always had its memory
  const withMemory =
    memory === 'internal' || memory === 'external' || (memory === undefined && stateText === 'running');
  const disks: SnapshotFacts['disks'] = [];
  for (const d of children(child(root, 'disks'), 'disk')) {
    const how = attr(d, 'snapshot');
    const target = attr(d, 'name') ?? '';
    if (how === 'internal' || how === 'external') disks.push({ target, location: how });
  }
  const places = new Set<string>(disks.map((d) => d.location));
  if (memory === 'internal' || memory === 'external') places.add(memory);
  const location = places.size > 1 ? 'mixed' : places.has('external') ? 'external' : 'internal';
  const parent = text(child(child(root, 'parent'), 'name'));
  const seconds = Number(text(child(root, 'creationTime')));
  return {
    name,
    description: child(root, 'description')?.textContent ?? '',
    createdAt: Number.isFinite(seconds) ? seconds * 1000 : 0,
    state: STATES[stateText] ?? 'other',
    kind: withMemory ? 'memory' : 'disk',
    location,
    ...(parent ? { parent } : {}),
    disks,
  };
}

/** The XML a snapshot is taken with: libvirt chooses the rest (internal for qcow2 disks, memory when running). */
export function buildSnapshotXml(spec: { name: string; description?: string }): string {
  return buildXml(
    h(
      'domainsnapshot',
      {},
      h('name', {}, spec.name),
      spec.description ? h('description', {}, spec.description) : undefined,
    ),
  );
}

/** The same snapshot XML with another description, for a redefine; '' removes the element. */
export function withSnapshotDescription(xml: string, description: string): string {
  const doc = parseXml(xml);
  const root = doc.documentElement!;
  const el = child(root, 'description');
  if (!description) {
    if (el) removeElement(el);
  } else if (el) setText(el, description);
  else insertTreeAfter(root, h('description', {}, description), child(root, 'name'));
  return serializeXml(doc);
}

/**
 * A snapshot's name: libvirt keeps each snapshot's metadata in a file named after it, so no '/', and
 * the shell and virsh make leading dots and control characters awkward.
 */
export function snapshotNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'Give the snapshot a name.';
  if (name !== name.trim()) return 'The name must not start or end with a space.';
  if (name.length > 100) return 'The name is too long (at most 100 characters).';
  if (name.includes('/')) return 'The name must not contain “/”.';
  if (name.startsWith('.')) return 'The name must not start with a dot.';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'The name must not contain control characters.';
  return undefined;
}
