// The pure half of snapshots: libvirt's snapshot XML read and edited for a redefine, the tree built from
// libvirt's flat list, the name offered, the mechanism chosen per guest (and its one line), the guest
// agent read from the live XML, and qemu-img's snapshot table. (tests/integration/api/snapshots.test.ts
// runs it all on a real guest.)
import { describe, expect, it } from 'vitest';
import { qcow2SnapshotTable, snapshotSize } from '../../../main/model/qcow2-snapshots';
import {
  chooseSnapshotMechanism,
  guestAgentState,
  quiesceChoice,
} from '../../../main/model/snapshot-mechanism';
import {
  buildSnapshotTree,
  findSnapshot,
  nextSnapshotName,
  subtreeNames,
} from '../../../main/model/snapshot-tree';
import {
  buildSnapshotXml,
  parseSnapshotXml,
  snapshotNameProblem,
  withSnapshotDescription,
} from '../../../main/model/snapshot-xml';
import type { DiskInfo } from '../../../preload/contract';
import type { SnapshotInfo } from '../../../preload/snapshots';

// libvirt 9.0's snapshot-dumpxml of a running BIOS guest's internal snapshot (its <domain> trimmed)
const RUNNING = `<domainsnapshot>
  <name>s2</name>
  <description>before the update</description>
  <state>running</state>
  <parent>
    <name>s1</name>
  </parent>
  <creationTime>1796136058</creationTime>
  <memory snapshot='internal'/>
  <disks>
    <disk name='vda' snapshot='internal'/>
    <disk name='sdb' snapshot='no'/>
  </disks>
  <domain type='qemu'>
    <name>kvmdesk-test-snap</name>
    <devices><disk type='file' device='disk'><source file='/i/a.qcow2'/></disk></devices>
  </domain>
  <cookie>
    <cpu mode='custom'><model>qemu64</model></cpu>
    <slirpHelper/>
  </cookie>
</domainsnapshot>`;

const SHUTOFF = `<domainsnapshot>
  <name>Snapshot 1</name>
  <state>shutoff</state>
  <creationTime>1796130000</creationTime>
  <memory snapshot='no'/>
  <disks><disk name='vda' snapshot='internal'/></disks>
  <domain type='qemu'><name>g</name></domain>
</domainsnapshot>`;

const DISK_ONLY_EXTERNAL = `<domainsnapshot>
  <name>ext</name>
  <state>disk-snapshot</state>
  <creationTime>1796136000</creationTime>
  <memory snapshot='no'/>
  <disks><disk name='vda' snapshot='external' type='file'><source file='/i/a.ext'/></disk></disks>
</domainsnapshot>`;

describe('snapshot XML', () => {
  it('reads a running internal snapshot: with memory, its parent, its date and description', () => {
    expect(parseSnapshotXml(RUNNING)).toEqual({
      name: 's2',
      description: 'before the update',
      createdAt: 1796136058000,
      state: 'running',
      kind: 'memory',
      location: 'internal',
      parent: 's1',
      disks: [{ target: 'vda', location: 'internal' }],
    });
  });

  it('reads a shut-off snapshot as disk state only, and a disk-only one of a running guest as external', () => {
    expect(parseSnapshotXml(SHUTOFF)).toMatchObject({ state: 'shutoff', kind: 'disk', location: 'internal' });
    expect(parseSnapshotXml(SHUTOFF).parent).toBeUndefined();
    expect(parseSnapshotXml(DISK_ONLY_EXTERNAL)).toMatchObject({
      state: 'running',
      kind: 'disk',
      location: 'external',
    });
  });

  it('refuses what is not a snapshot', () => {
    expect(() => parseSnapshotXml('<domain><name>x</name></domain>')).toThrow(/not a snapshot/);
    expect(() => parseSnapshotXml('<domainsnapshot/>')).toThrow(/no name/);
  });

  it('builds the XML a snapshot is taken with, escaping what the user typed', () => {
    const xml = buildSnapshotXml({ name: 'a <b> & "c"', description: 'x & y' });
    expect(parseSnapshotXml(xml)).toMatchObject({ name: 'a <b> & "c"', description: 'x & y' });
    expect(buildSnapshotXml({ name: 'n' })).not.toContain('description');
  });

  it('changes only the description for a redefine: the domain and cookie stay as they were', () => {
    const edited = withSnapshotDescription(RUNNING, 'after <the> update');
    expect(parseSnapshotXml(edited).description).toBe('after <the> update');
    // the same document apart from the description (quotes are the serializer's choice)
    const rest = (xml: string) => xml.replace(/<description>.*<\/description>/, '').replaceAll("'", '"');
    expect(rest(edited)).toBe(rest(RUNNING));
    const added = withSnapshotDescription(SHUTOFF, 'new');
    expect(added).toMatch(/<name>Snapshot 1<\/name>\s*<description>new<\/description>/);
    const removed = withSnapshotDescription(RUNNING, '');
    expect(removed).not.toContain('description');
    expect(parseSnapshotXml(removed).parent).toBe('s1');
  });

  it('says what is wrong with a name in the user’s words', () => {
    expect(snapshotNameProblem('Snapshot 1')).toBeUndefined();
    expect(snapshotNameProblem('  ')).toBe('Give the snapshot a name.');
    expect(snapshotNameProblem('a/b')).toMatch(/“\/”/);
    expect(snapshotNameProblem('.hidden')).toMatch(/dot/);
    expect(snapshotNameProblem(' x')).toMatch(/space/);
    expect(snapshotNameProblem('x'.repeat(101))).toMatch(/too long/);
    expect(snapshotNameProblem('a\nb')).toMatch(/control/);
  });
});

const info = (
  name: string,
  parent: string | undefined,
  at: number,
  extra: Partial<SnapshotInfo> = {},
): SnapshotInfo => ({
  name,
  description: '',
  createdAt: at,
  state: 'running',
  kind: 'memory',
  location: 'internal',
  current: false,
  ...(parent ? { parent } : {}),
  ...extra,
});

describe('snapshot tree', () => {
  const list = [
    info('c', 'a', 3),
    info('a', undefined, 1),
    info('b', 'a', 2, { current: true }),
    info('d', 'b', 4),
    info('orphan', 'gone', 5),
  ];

  it('puts children under their parent, oldest first; a missing parent makes a root', () => {
    const tree = buildSnapshotTree(list);
    expect(tree.map((n) => n.name)).toEqual(['a', 'orphan']);
    expect(tree[0].children.map((n) => n.name)).toEqual(['b', 'c']);
    expect(tree[0].children[0].children.map((n) => n.name)).toEqual(['d']);
    expect(findSnapshot(tree, 'b')?.current).toBe(true);
    expect(subtreeNames(findSnapshot(tree, 'a')!)).toEqual(['a', 'b', 'd', 'c']);
  });

  it('never loops on a cycle', () => {
    const tree = buildSnapshotTree([info('x', 'y', 1), info('y', 'x', 2)]);
    expect(tree.flatMap(subtreeNames).sort()).toEqual(['x', 'y']);
  });

  it('offers "Snapshot N", one above the highest taken and never one that exists', () => {
    expect(nextSnapshotName([])).toBe('Snapshot 1');
    expect(nextSnapshotName(['Snapshot 1', 'Snapshot 4'])).toBe('Snapshot 5');
    expect(nextSnapshotName(['before update', 'other'])).toBe('Snapshot 3');
    expect(nextSnapshotName(['Snapshot 3', 'a', 'b'])).toBe('Snapshot 4');
  });
});

const disk = (target: string, format: string | undefined, extra: Partial<DiskInfo> = {}): DiskInfo => ({
  target,
  device: 'disk',
  format,
  readonly: false,
  deletable: true,
  ...extra,
});
const cd = disk('sdb', 'raw', { device: 'cdrom', readonly: true, keptReason: 'read-only media' });

describe('snapshot mechanism', () => {
  it('is internal for a BIOS guest whose writable disks are qcow2, running or not (CDs do not count)', () => {
    for (const active of [true, false]) {
      const m = chooseSnapshotMechanism({
        firmware: 'bios',
        disks: [disk('vda', 'qcow2'), cd],
        active,
        externalHere: true,
      });
      expect(m).toMatchObject({ kind: 'internal', supported: true });
      expect(m.note).toBeUndefined();
    }
  });

  it('is external for a UEFI guest (running or not), a TPM, a raw disk; the NVRAM and TPM kept', () => {
    for (const active of [true, false]) {
      const uefi = chooseSnapshotMechanism({
        firmware: 'efi',
        disks: [disk('vda', 'qcow2')],
        active,
        externalHere: true,
      });
      expect(uefi).toMatchObject({ kind: 'external', supported: true });
      expect(uefi.line).toMatch(/^External snapshots \(UEFI guest\):.*NVRAM.*TPM/);
    }
    const tpm = chooseSnapshotMechanism({
      firmware: 'bios',
      disks: [disk('vda', 'qcow2')],
      active: true,
      tpm: true,
      externalHere: true,
    });
    expect(tpm).toMatchObject({ kind: 'external', supported: true });
    expect(tpm.line).toMatch(/\(TPM\)/);
    const raw = chooseSnapshotMechanism({
      firmware: 'bios',
      disks: [disk('vda', 'qcow2'), disk('vdb', 'raw')],
      active: false,
      externalHere: true,
    });
    expect(raw).toMatchObject({ kind: 'external', supported: true });
    expect(raw.line).toMatch(/raw disk: vdb \(raw\)/);
  });

  it('refuses external ones where KVM Desk cannot reach the files, and a guest with no disk', () => {
    const remote = chooseSnapshotMechanism({
      firmware: 'efi',
      disks: [disk('vda', 'qcow2')],
      active: true,
      externalHere: false,
    });
    expect(remote).toMatchObject({ kind: 'external', supported: false });
    expect(remote.line).toMatch(/UEFI guest.*this machine’s system libvirt/);
    expect(
      chooseSnapshotMechanism({ firmware: 'bios', disks: [cd], active: false, externalHere: true }).supported,
    ).toBe(false);
    // a shareable raw disk is not in a snapshot: it does not stop internal snapshots
    const shared = disk('vdc', 'raw', { keptReason: 'shared (shareable)' });
    expect(
      chooseSnapshotMechanism({
        firmware: 'bios',
        disks: [disk('vda', 'qcow2'), shared],
        active: true,
        externalHere: true,
      }).kind,
    ).toBe('internal');
  });

  it('reads the guest agent from the live XML', () => {
    const channel = (state?: string) =>
      `<domain><devices><channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'${state ? ` state='${state}'` : ''}/></channel></devices></domain>`;
    expect(guestAgentState(channel('connected'))).toBe('connected');
    expect(guestAgentState(channel('disconnected'))).toBe('disconnected');
    expect(guestAgentState(channel())).toBe('disconnected');
    expect(guestAgentState('<domain><devices/></domain>')).toBe('none');
  });

  it('quiesces only a running guest’s disk-only snapshot, and says when the agent does not answer', () => {
    expect(quiesceChoice({ memory: true, running: true, agent: 'connected' }).quiesce).toBe(false);
    expect(quiesceChoice({ memory: false, running: true, agent: 'connected' }).quiesce).toBe(true);
    const silent = quiesceChoice({ memory: false, running: true, agent: 'disconnected' });
    expect(silent).toMatchObject({ quiesce: false });
    expect(silent.note).toMatch(/does not answer/);
    expect(quiesceChoice({ memory: false, running: false, agent: 'none' }).quiesce).toBe(false);
  });
});

describe('qcow2 snapshot table', () => {
  // qemu-img info --output=json --backing-chain: an overlay without snapshots above a base with one
  const chain = JSON.stringify([
    { filename: 'top.qcow2', format: 'qcow2' },
    {
      filename: 'base.qcow2',
      format: 'qcow2',
      snapshots: [{ id: '1', name: 's2', 'vm-state-size': 2878761, 'date-sec': 1796136058 }],
    },
  ]);

  it('reads VM SIZE by snapshot name over the chain', () => {
    expect(qcow2SnapshotTable(chain)).toEqual(new Map([['s2', 2878761]]));
    expect(qcow2SnapshotTable(JSON.stringify({ filename: 'x' }))).toEqual(new Map());
  });

  it('sums the disks, and says unknown where it cannot know', () => {
    const facts = parseSnapshotXml(RUNNING);
    const t = qcow2SnapshotTable(chain);
    expect(snapshotSize(facts, [t, new Map([['s2', 10]])])).toMatchObject({ sizeBytes: 2878771 });
    expect(snapshotSize(facts, undefined).sizeNote).toMatch(/unknown/);
    expect(snapshotSize(facts, [new Map()]).sizeNote).toMatch(/do not list/);
    expect(snapshotSize(parseSnapshotXml(DISK_ONLY_EXTERNAL), [t]).sizeNote).toMatch(/overlay/);
    expect(snapshotSize(parseSnapshotXml(SHUTOFF), [new Map([['Snapshot 1', 0]])])).toMatchObject({
      sizeBytes: 0,
    });
  });
});
