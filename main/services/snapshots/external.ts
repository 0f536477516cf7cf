// External snapshots on this machine's system libvirt: take (overlay files beside the disks made by
// KVM Desk, a memory file while the guest runs, copies of the NVRAM file and the swtpm state taken while
// the guest is paused for the snapshot), revert (libvirt >= 9.9: its own revert; below, KVM Desk's, by
// the plan in model/snapshot-external.ts, undone in reverse when a step fails) and delete (libvirt's
// merge where the guest's chain is linear, else the metadata, memory file and copies only: no disk data
// is ever dropped). The job bodies only: operations.ts checks the user's input and starts the jobs.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  DomainXMLFlags,
  type LibvirtConnectionApi,
  SaveFlags,
  SnapshotCreateFlags,
  type SnapshotRef,
  SnapshotXMLFlags,
} from '../../libvirt/facade';
import { isUefi, nvramOf } from '../../model/clone-plan';
import { poolTargetPath } from '../../model/disk-image';
import { parseDomainXml } from '../../model/domain-xml';
import {
  buildExternalSnapshotXml,
  diskSourcesOf,
  memoryFileOf,
  overlayFilesOf,
  overlayPath,
  planExternalRevert,
  snapshotDefinitions,
  withDiskSources,
  withSnapshotState,
} from '../../model/snapshot-external';
import { parseSnapshotXml } from '../../model/snapshot-xml';
import { defaultNvramPath } from '../clones/host-state';
import { ApiFailure } from '../errors';
import type { SnapshotGuestFacts } from './guest';
import {
  copyHostState,
  exists,
  newSnapshotDir,
  putNvramBack,
  putTpmBack,
  readSidecar,
  removeAll,
  STATE_ROOT,
  tpmDir,
  writeSidecar,
} from './state-copies';

const run = promisify(execFile);
export type Report = (step: string) => void;

/** libvirt reverts external snapshots itself from 9.9 on */
export const LIBVIRT_EXTERNAL_REVERT = 9_009_000n;

/** a qcow2 overlay on `backing`, made without opening the backing file for writing (a running guest holds it) */
async function makeOverlay(backing: string, format: string | undefined, path: string): Promise<void> {
  const { stdout } = await run('qemu-img', ['info', '-U', '--output=json', backing], { timeout: 30_000 });
  const info = JSON.parse(stdout) as { 'virtual-size': number; format: string };
  await run(
    'qemu-img',
    [
      'create',
      '-q',
      '-f',
      'qcow2',
      '-u',
      '-F',
      format ?? info.format,
      '-b',
      backing,
      path,
      String(info['virtual-size']),
    ],
    { timeout: 30_000 },
  );
}

/** the pools whose folders hold these files re-read them, so storage views and Delete see the overlays */
export async function refreshPoolsHolding(c: LibvirtConnectionApi, files: string[]): Promise<void> {
  const pools = await c.listAllStoragePools(0).catch(() => []);
  await Promise.all(
    pools.map(async (p) => {
      const target = await c
        .storagePoolGetXML(p, 0)
        .then(poolTargetPath)
        .catch(() => undefined);
      const dir = target?.replace(/\/+$/, '');
      if (!dir || !files.some((f) => f.startsWith(`${dir}/`))) return;
      if (await c.storagePoolIsActive(p).catch(() => false))
        await c.storagePoolRefresh(p, 0).catch(() => undefined);
    }),
  );
}

/**
 * A name is taken when the file exists or some snapshot's metadata names it as its overlay (deleted since
 * by a revert): a new file under that name would pass for that snapshot's overlay in a later delete.
 */
async function takenNames(
  c: LibvirtConnectionApi,
  guest: SnapshotGuestFacts,
): Promise<(p: string) => boolean> {
  const refs = await c.listAllSnapshots(guest.dom, 0);
  const xmls = await Promise.all(refs.map((r) => c.snapshotGetXML(r, 0).catch(() => '')));
  const recorded = new Set(xmls.filter(Boolean).flatMap(overlayFilesOf));
  return (p) => existsSync(p) || recorded.has(p);
}

const nvramPathOf = (c: LibvirtConnectionApi, guest: SnapshotGuestFacts) =>
  nvramOf(guest.xml) ?? (isUefi(guest.xml) ? defaultNvramPath(c.uri, guest.name) : undefined);

/** every disk a snapshot covers must be a file KVM Desk can put an overlay beside (checked before the job) */
export function overlayProblem(guest: SnapshotGuestFacts): string | undefined {
  const notFile = guest.disks.filter((d) => !d.file);
  if (notFile.length > 0)
    return `KVM Desk cannot put an overlay file beside disk ${notFile.map((d) => d.target).join(', ')} (not a file on this machine).`;
  if (guest.disks.length === 0) return 'This guest has no writable disk to keep a snapshot in.';
  return undefined;
}

export async function takeExternal(
  c: LibvirtConnectionApi,
  guest: SnapshotGuestFacts,
  spec: { uuid: string; name: string; description?: string; memory: boolean; quiesce: boolean },
  report: Report,
): Promise<void> {
  const state = await c.domainGetState(guest.dom);
  const running = guest.active && state.state === 1;
  const withMemory = guest.active && spec.memory;
  const made: string[] = [];
  let dir: string | undefined;
  let paused = false;
  let snap: SnapshotRef | undefined;
  try {
    dir = await newSnapshotDir(spec.uuid, spec.name);
    report('Making the overlay files beside the disks');
    const overlays: { target: string; file: string }[] = [];
    const taken = await takenNames(c, guest);
    for (const d of guest.disks) {
      const file = overlayPath(d.file!, spec.name, taken);
      await makeOverlay(d.file!, d.format, file);
      made.push(file);
      overlays.push({ target: d.target, file });
    }
    // with memory: paused first, so the NVRAM and TPM copies are of the very moment the memory keeps
    // (libvirt pauses for the memory only after we could copy); disk only: the agent freezes the file
    // systems, which a paused guest could not do, and the disks are crash-consistent anyway
    if (withMemory && running) {
      report('Pausing the guest');
      await c.domainSuspend(guest.dom);
      paused = true;
    }
    report('Copying the UEFI variables and the TPM state');
    const host = await copyHostState(dir, spec.uuid, nvramPathOf(c, guest));
    const memoryFile = withMemory ? join(dir, 'memory.save') : undefined;
    report(
      withMemory
        ? 'Saving the memory and switching the disks to their overlays'
        : 'Switching the disks to their overlays',
    );
    const flags =
      SnapshotCreateFlags.REUSE_EXT |
      SnapshotCreateFlags.ATOMIC |
      (withMemory ? 0 : SnapshotCreateFlags.DISK_ONLY) |
      (spec.quiesce ? SnapshotCreateFlags.QUIESCE : 0);
    const xml = buildExternalSnapshotXml({
      name: spec.name,
      description: spec.description,
      memoryFile,
      overlays,
      skipped: guest.skipped,
    });
    snap = await c.snapshotCreateXML(guest.dom, xml, flags);
    const sidecar = await readSidecar(spec.uuid);
    sidecar.snapshots[spec.name] = { dir, ...(memoryFile ? { memory: memoryFile } : {}), ...host };
    sidecar.made.push(...made);
    await writeSidecar(spec.uuid, sidecar);
  } catch (err) {
    if (paused) await c.domainResume(guest.dom).catch(() => undefined);
    // ATOMIC: a failed snapshot switched no disk, so its overlays are nobody's
    if (!snap) {
      for (const f of made) await rm(f, { force: true }).catch(() => undefined);
      if (dir) await removeAll(dir).catch(() => undefined);
    }
    throw err;
  }
  if (paused) {
    await c.domainResume(guest.dom);
    // libvirt saw a paused guest (we paused it for the copies): the snapshot is of a running one, and a
    // revert (libvirt's or ours) resumes it
    const sx = await c.snapshotGetXML(snap, SnapshotXMLFlags.SECURE);
    await c.snapshotCreateXML(
      guest.dom,
      withSnapshotState(sx, 'running'),
      SnapshotCreateFlags.REDEFINE | SnapshotCreateFlags.CURRENT,
    );
  }
  await refreshPoolsHolding(c, made);
}

/** the files of the disks a definition names, pool volumes resolved */
export async function definitionFiles(
  c: LibvirtConnectionApi,
  domainXml: string,
): Promise<Map<string, string>> {
  const files = diskSourcesOf(domainXml);
  for (const d of parseDomainXml(domainXml).disks) {
    if (files.has(d.target) || !d.volume) continue;
    const path = await c
      .lookupStoragePoolByName(d.volume.pool)
      .then((pool) => c.lookupVolumeByName(pool, d.volume!.name))
      .then((vol) => c.volumeGetPath(vol))
      .catch(() => undefined);
    if (path) files.set(d.target, path);
  }
  return files;
}

/** the files some snapshot of the guest still needs: each one's disk state (its definitions' sources) */
export async function filesSnapshotsNeed(c: LibvirtConnectionApi, refs: SnapshotRef[]): Promise<Set<string>> {
  const need = new Set<string>();
  for (const r of refs) {
    const xml = await c.snapshotGetXML(r, SnapshotXMLFlags.SECURE).catch(() => undefined);
    if (!xml || !/<domain[\s>]/.test(xml)) continue;
    const defs = snapshotDefinitions(xml);
    for (const d of [defs.domain, defs.inactive])
      if (d) for (const f of (await definitionFiles(c, d)).values()) need.add(f);
  }
  return need;
}

export async function revertExternal(
  c: LibvirtConnectionApi,
  guest: SnapshotGuestFacts,
  snap: SnapshotRef,
  uuid: string,
  report: Report,
): Promise<void> {
  const snapXml = await c.snapshotGetXML(snap, SnapshotXMLFlags.SECURE);
  const facts = parseSnapshotXml(snapXml);
  const sidecar = await readSidecar(uuid);
  const kept = sidecar.snapshots[facts.name];
  const libVersion = await c.getLibVersion();
  if (libVersion >= LIBVIRT_EXTERNAL_REVERT) {
    // libvirt's own revert; the NVRAM and TPM copies go back while the guest is stopped, before it
    if (kept?.nvram || kept?.tpm) {
      if (guest.active) await c.domainDestroy(guest.dom);
      if (kept.nvram) await putNvramBack(kept.nvram.copy, kept.nvram.path);
      if (kept.tpm) await putTpmBack(kept.tpm.copy, uuid);
    }
    report('Reverting (libvirt)');
    await c.snapshotRevert(snap, 0);
    return;
  }
  const defs = snapshotDefinitions(snapXml);
  const states = await definitionFiles(c, defs.domain);
  const targets = facts.disks.filter((d) => d.location === 'external').map((d) => d.target);
  const memoryFile = facts.kind === 'memory' ? (memoryFileOf(snapXml) ?? kept?.memory) : undefined;
  if (facts.kind === 'memory' && !(memoryFile && (await exists(memoryFile))))
    throw new ApiFailure(
      'UNSUPPORTED',
      `The memory file of “${facts.name}” is gone: KVM Desk cannot bring back its running state.`,
    );
  const oldInactive = await c.domainGetXML(guest.dom, DomainXMLFlags.INACTIVE | DomainXMLFlags.SECURE);
  const oldTops = guest.disks.map((d) => d.file).filter((f): f is string => f !== undefined);
  const plan = planExternalRevert({
    guestActive: guest.active,
    memory: facts.kind === 'memory',
    state: facts.state,
    nvram: kept?.nvram !== undefined,
    tpm: kept?.tpm !== undefined,
  });
  const newFiles = new Map<string, string>();
  const undo: (() => Promise<unknown>)[] = [];
  const undoDir = join(STATE_ROOT, uuid, `.revert-undo-${Date.now()}`);
  try {
    for (const step of plan) {
      switch (step) {
        case 'make-overlays': {
          report('Making new overlay files on the snapshot’s disk state');
          const taken = await takenNames(c, guest);
          for (const t of targets) {
            const state = states.get(t);
            if (!state)
              throw new ApiFailure('UNSUPPORTED', `The snapshot does not say which file disk ${t} was on.`);
            const file = overlayPath(state, facts.name, taken);
            await makeOverlay(state, undefined, file);
            newFiles.set(t, file);
            undo.push(() => rm(file, { force: true }));
          }
          break;
        }
        case 'save-guest':
          report('Stopping the guest (its state saved until the revert is done)');
          await c.domainManagedSave(guest.dom, 0);
          undo.push(() => c.domainCreate(guest.dom, 0));
          break;
        case 'keep-host-state': {
          await mkdir(undoDir, { recursive: true, mode: 0o700 });
          const nvram = kept?.nvram;
          const hadNvram = nvram !== undefined && (await exists(nvram.path));
          if (hadNvram) await copyFile(nvram.path, join(undoDir, 'nvram.fd'));
          const hadTpm = await exists(tpmDir(uuid));
          if (hadTpm) await run('cp', ['-a', '--', tpmDir(uuid), join(undoDir, 'swtpm')]);
          undo.push(async () => {
            if (hadNvram) await putNvramBack(join(undoDir, 'nvram.fd'), nvram.path);
            if (hadTpm) await putTpmBack(join(undoDir, 'swtpm'), uuid);
          });
          break;
        }
        case 'restore-nvram':
          report('Putting back the UEFI variables of the snapshot');
          await putNvramBack(kept!.nvram!.copy, kept!.nvram!.path);
          break;
        case 'restore-tpm':
          report('Putting back the TPM state of the snapshot');
          await putTpmBack(kept!.tpm!.copy, uuid);
          break;
        case 'define':
          await c.domainDefineXML(withDiskSources(defs.inactive ?? defs.domain, newFiles), 0);
          undo.push(() => c.domainDefineXML(oldInactive, 0));
          break;
        case 'restore-memory':
          report('Restoring the memory state');
          await c.domainRestore(
            memoryFile!,
            withDiskSources(defs.domain, newFiles),
            facts.state === 'paused' ? SaveFlags.PAUSED : SaveFlags.RUNNING,
          );
          undo.push(() => c.domainDestroy(guest.dom));
          break;
        case 'start':
          report('Starting the guest from the snapshot’s disks');
          await c.domainCreate(guest.dom, facts.state === 'paused' ? 1 : 0);
          undo.push(() => c.domainDestroy(guest.dom));
          break;
        case 'drop-saved-guest':
          if (await c.domainHasManagedSaveImage(guest.dom)) await c.domainManagedSaveRemove(guest.dom);
          break;
        case 'mark-current':
          await c.snapshotCreateXML(
            guest.dom,
            snapXml,
            SnapshotCreateFlags.REDEFINE | SnapshotCreateFlags.CURRENT,
          );
          break;
        case 'remove-discarded':
          break;
      }
    }
  } catch (err) {
    for (const u of undo.reverse()) await u().catch(() => undefined);
    await removeAll(undoDir).catch(() => undefined);
    throw err;
  }
  // done: nothing below can leave the guest half-reverted; the changes since the snapshot (the tops
  // KVM Desk made that no snapshot needs) are what the user chose to lose
  await removeAll(undoDir).catch(() => undefined);
  const need = await filesSnapshotsNeed(c, await c.listAllSnapshots(guest.dom, 0));
  const fresh = await readSidecar(uuid);
  for (const f of oldTops)
    if (fresh.made.includes(f) && !need.has(f) && ![...newFiles.values()].includes(f)) {
      await rm(f, { force: true }).catch(() => undefined);
      fresh.made = fresh.made.filter((m) => m !== f);
    }
  fresh.made.push(...newFiles.values());
  await writeSidecar(uuid, fresh);
  await refreshPoolsHolding(c, [...oldTops, ...newFiles.values()]);
}
