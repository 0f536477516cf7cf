// A guest's snapshots for the Snapshots tab: libvirt's list and each snapshot's XML, the current one,
// the memory state each keeps inside the qcow2 files (qemu-img's snapshot table, read here only on this
// machine: -U reads a file a running guest holds), and the mechanism line.
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { SnapshotInfo, SnapshotList } from '../../../preload/snapshots';
import { LibvirtError, ErrorCode as VirErr } from '../../libvirt/errors';
import type { LibvirtConnectionApi } from '../../libvirt/facade';
import { isLocalUri } from '../../libvirt/uri';
import { qcow2SnapshotTable, snapshotSize } from '../../model/qcow2-snapshots';
import { memoryFileOf } from '../../model/snapshot-external';
import { buildSnapshotTree, nextSnapshotName } from '../../model/snapshot-tree';
import { parseSnapshotXml, type SnapshotFacts } from '../../model/snapshot-xml';
import { snapshotGuest } from './guest';

const run = promisify(execFile);

/** the snapshot's facts and, for an external one with memory, its memory file */
function withMemoryFile(xml: string): SnapshotFacts & { memoryFile?: string } {
  const memoryFile = memoryFileOf(xml);
  return { ...parseSnapshotXml(xml), ...(memoryFile ? { memoryFile } : {}) };
}

/** one snapshot table per file it could read; undefined on a remote host */
async function snapshotTables(uri: string, files: string[]): Promise<Map<string, number>[] | undefined> {
  if (!isLocalUri(uri)) return undefined;
  const tables = await Promise.all(
    files.map((f) =>
      run('qemu-img', ['info', '--output=json', '--backing-chain', '-U', f], {
        timeout: 30_000,
        maxBuffer: 16 * 1024 * 1024,
      })
        .then(({ stdout }) => qcow2SnapshotTable(stdout))
        .catch(() => undefined),
    ),
  );
  return tables.filter((t): t is Map<string, number> => t !== undefined);
}

export async function listSnapshots(
  c: LibvirtConnectionApi,
  uri: string,
  uuid: string,
): Promise<SnapshotList> {
  const guest = await snapshotGuest(c, uuid);
  const [refs, current] = await Promise.all([c.listAllSnapshots(guest.dom, 0), c.snapshotCurrent(guest.dom)]);
  const [read, tables] = await Promise.all([
    // a snapshot deleted meanwhile (another window, virsh) is left out, not an error
    Promise.all(
      refs.map((r) =>
        c.snapshotGetXML(r, 0).then(withMemoryFile, (err) => {
          if (err instanceof LibvirtError && err.code === VirErr.NO_DOMAIN_SNAPSHOT) return undefined;
          throw err;
        }),
      ),
    ),
    refs.length > 0 ? snapshotTables(uri, guest.diskFiles) : Promise.resolve([]),
  ]);
  const facts = read.filter((f) => f !== undefined);
  const infos: SnapshotInfo[] = facts.map((f) => {
    const { disks: _disks, memoryFile: _memoryFile, ...shown } = f;
    return { ...shown, current: f.name === current?.name, ...snapshotSize(f, tables) };
  });
  // an external snapshot's memory is its own file: its size, read on this machine
  const local = isLocalUri(uri);
  await Promise.all(
    infos.map(async (info, i) => {
      const file = facts[i].memoryFile;
      const st = local && file ? await stat(file).catch(() => undefined) : undefined;
      if (st) Object.assign(info, { sizeBytes: st.size, sizeNote: 'the memory file' });
    }),
  );
  return {
    mechanism: guest.mechanism,
    tree: buildSnapshotTree(infos),
    count: infos.length,
    suggestedName: nextSnapshotName(infos.map((s) => s.name)),
    guestRunning: guest.active,
    agent: guest.agent,
  };
}
