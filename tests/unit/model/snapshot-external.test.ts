// External snapshots' pure parts: the overlay's name, the XML a take asks for, the definitions a snapshot
// keeps and those definitions on new overlays, and the plan of KVM Desk's own revert.
import { describe, expect, it } from 'vitest';
import {
  buildExternalSnapshotXml,
  diskSourcesOf,
  fileSafe,
  memoryFileOf,
  overlayFilesOf,
  overlayPath,
  planExternalRevert,
  snapshotDefinitions,
  withDiskSources,
  withSnapshotState,
} from '../../../main/model/snapshot-external';
import { parseSnapshotXml } from '../../../main/model/snapshot-xml';

const SNAP = `<domainsnapshot>
  <name>s1</name>
  <state>paused</state>
  <memory snapshot='external' file='/var/lib/libvirt/qemu/snapshot-state/u/s1/memory.save'/>
  <disks>
    <disk name='vda' snapshot='external' type='file'><driver type='qcow2'/><source file='/img/g.s1.qcow2'/></disk>
    <disk name='sdb' snapshot='no'/>
  </disks>
  <domain type='qemu'>
    <name>g</name>
    <metadata><k:x xmlns:k='urn:k'>kept</k:x></metadata>
    <devices>
      <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/img/g.qcow2' index='1'/><backingStore/><target dev='vda' bus='virtio'/><alias name='virtio-disk0'/></disk>
      <disk type='file' device='cdrom'><source file='/iso/x.iso'/><target dev='sdb' bus='sata'/><readonly/></disk>
    </devices>
  </domain>
  <inactiveDomain type='qemu'>
    <name>g</name>
    <devices>
      <disk type='volume' device='disk'><driver name='qemu' type='qcow2'/><source pool='default' volume='g.qcow2'/><target dev='vda' bus='virtio'/></disk>
    </devices>
  </inactiveDomain>
</domainsnapshot>`;

describe('external snapshots, the pure parts', () => {
  it('names the overlay beside its disk after the snapshot, never over a file that exists', () => {
    expect(overlayPath('/img/g.qcow2', 'Snapshot 1', () => false)).toBe('/img/g.Snapshot_1.qcow2');
    expect(overlayPath('/img/g.raw', 'a/b', () => false)).toBe('/img/g.a_b.qcow2');
    const taken = new Set(['/img/g.s1.qcow2', '/img/g.s1.2.qcow2']);
    expect(overlayPath('/img/g.qcow2', 's1', (p) => taken.has(p))).toBe('/img/g.s1.3.qcow2');
    // an overlay's overlay says its chain
    expect(overlayPath('/img/g.s1.qcow2', 's2', () => false)).toBe('/img/g.s1.s2.qcow2');
    expect(fileSafe('..hidden')).toBe('hidden');
    expect(fileSafe('日本')).toBe('snapshot');
  });

  it('builds the take’s XML: memory file or none, each disk on its overlay, the rest left out', () => {
    const xml = buildExternalSnapshotXml({
      name: 'S <1>',
      description: 'd',
      memoryFile: '/st/memory.save',
      overlays: [{ target: 'vda', file: '/img/g.S_1_.qcow2' }],
      skipped: ['sdb'],
    });
    expect(xml).toContain('<memory snapshot="external" file="/st/memory.save"/>');
    expect(xml).toMatch(
      /<disk name="vda" snapshot="external" type="file">\s*<driver type="qcow2"\/>\s*<source file="\/img\/g.S_1_.qcow2"\/>/,
    );
    expect(xml).toContain('<disk name="sdb" snapshot="no"/>');
    expect(parseSnapshotXml(xml)).toMatchObject({
      name: 'S <1>',
      description: 'd',
      kind: 'memory',
      location: 'external',
    });
    const diskOnly = buildExternalSnapshotXml({
      name: 'x',
      overlays: [{ target: 'vda', file: '/o' }],
      skipped: [],
    });
    expect(diskOnly).toContain('<memory snapshot="no"/>');
    expect(diskOnly).not.toContain('description');
  });

  it('reads a snapshot’s definitions, its memory file and overlays', () => {
    const defs = snapshotDefinitions(SNAP);
    expect(defs.domain).toMatch(/^<domain type="qemu">[\s\S]*<\/domain>$/);
    expect(defs.inactive).toMatch(/^<domain type="qemu">[\s\S]*<\/domain>$/);
    expect(diskSourcesOf(defs.domain)).toEqual(
      new Map([
        ['vda', '/img/g.qcow2'],
        ['sdb', '/iso/x.iso'],
      ]),
    );
    // a pool volume has no file in the XML: the service resolves it
    expect(diskSourcesOf(defs.inactive!).size).toBe(0);
    expect(memoryFileOf(SNAP)).toBe('/var/lib/libvirt/qemu/snapshot-state/u/s1/memory.save');
    expect(overlayFilesOf(SNAP)).toEqual(['/img/g.s1.qcow2']);
    expect(() => snapshotDefinitions('<domainsnapshot><name>x</name></domainsnapshot>')).toThrow(
      /no guest definition/,
    );
  });

  it('puts a definition’s disks on new overlays and keeps everything else', () => {
    const files = new Map([['vda', '/img/g.s1.2.qcow2']]);
    const live = withDiskSources(snapshotDefinitions(SNAP).domain, files);
    expect(live).toContain('<source file="/img/g.s1.2.qcow2"/>');
    expect(live).not.toContain('backingStore');
    expect(live).not.toContain('index=');
    expect(live).toContain('<alias name="virtio-disk0"/>');
    expect(live).toContain('<k:x xmlns:k="urn:k">kept</k:x>');
    expect(live).toContain('/iso/x.iso');
    const saved = withDiskSources(snapshotDefinitions(SNAP).inactive!, files);
    expect(saved).toMatch(
      /<disk type="file" device="disk"><driver name="qemu" type="qcow2"\/><source file="\/img\/g.s1.2.qcow2"\/>/,
    );
    expect(saved).not.toContain('pool=');
    expect(() => withDiskSources(saved, new Map([['vdz', '/x']]))).toThrow(/no disk vdz/);
  });

  it('changes a snapshot’s recorded state for a redefine, all else kept', () => {
    const xml = withSnapshotState(SNAP, 'running');
    expect(parseSnapshotXml(xml).state).toBe('running');
    expect(xml).toContain('<inactiveDomain');
  });

  it('plans a revert: overlays first, the running guest saved (not destroyed), its save dropped last', () => {
    expect(
      planExternalRevert({ guestActive: true, memory: true, state: 'running', nvram: true, tpm: true }),
    ).toEqual([
      'make-overlays',
      'save-guest',
      'keep-host-state',
      'restore-nvram',
      'restore-tpm',
      'define',
      'restore-memory',
      'mark-current',
      'drop-saved-guest',
      'remove-discarded',
    ]);
    // shut off, a shut-off snapshot: define on the overlays and leave it off
    expect(
      planExternalRevert({ guestActive: false, memory: false, state: 'shutoff', nvram: true, tpm: false }),
    ).toEqual([
      'make-overlays',
      'keep-host-state',
      'restore-nvram',
      'define',
      'mark-current',
      'remove-discarded',
    ]);
    // a disk-only snapshot of a running guest boots from it; the managed save goes first or start restores it
    expect(
      planExternalRevert({ guestActive: true, memory: false, state: 'running', nvram: false, tpm: false }),
    ).toEqual([
      'make-overlays',
      'save-guest',
      'define',
      'drop-saved-guest',
      'start',
      'mark-current',
      'remove-discarded',
    ]);
  });
});
