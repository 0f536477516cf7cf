// Creating a guest: storage pool, disk, define, start, as one job with progress. Any failure or a cancel
// undoes what this job made (guest undefined with its NVRAM and TPM state, volume deleted); nothing that
// existed before is touched, and no existing file or volume is ever overwritten.
//
// Exports:
//   createGuest(conn, spec, deps, onProgress?, signal?): Promise<VmRef>
//   guestXml(spec, deps, disk?): string        the domain XML createGuest defines (tests, benchmarks)
//   CreateDeps = { db: OsinfoDb; host: CreateHost }
//   CREATE_STEPS                               the step names reported, in order
import type { CreateVmSpec, VmRef } from '../../../preload/contract';
import {
  DefineFlags,
  DeviceModifyFlags,
  type DomainRef,
  type LibvirtConnectionApi,
  type VolumeRef,
} from '../../libvirt/facade';
import { isSystemUri } from '../../libvirt/uri';
import { chooseHardware } from '../../model/defaults';
import { buildDomainXml, type VmBuildSpec } from '../../model/domain-build';
import {
  KVMDESK_NS,
  KVMDESK_PREFIX,
  kvmDeskMetadataElement,
  readKvmDeskMetadata,
} from '../../model/domain-metadata';
import type { OsinfoDb } from '../../model/osinfo';
import { diskToAttach } from '../disk-format';
import { ApiFailure } from '../errors';
import { undefineGuest } from '../undefine';
import type { CreateHost } from './host-kvm';
import { createQcow2Volume, ensurePool } from './storage';

export interface CreateDeps {
  db: OsinfoDb;
  host: CreateHost;
}

export type ProgressFn = (step: string, progress?: number) => void;

export const CREATE_STEPS = {
  pool: 'Preparing the storage pool',
  disk: 'Allocating the disk',
  define: 'Defining the guest',
  start: 'Starting the guest',
  undo: 'Undoing what was made',
} as const;

export function guestXml(spec: CreateVmSpec, deps: CreateDeps, disk?: VmBuildSpec['disk']): string {
  const r = spec.osId ? deps.db.resolve(spec.osId) : undefined;
  const hardware = chooseHardware({
    db: deps.db,
    os: r?.os,
    host: deps.host,
    virtioWin: spec.virtioWinIso !== undefined,
    firmware: spec.firmware,
    tpm: spec.tpm,
  });
  const s = spec.source;
  return buildDomainXml({
    name: spec.name,
    domainType: deps.host.accelerator,
    memoryMiB: spec.memoryMiB,
    vcpus: spec.vcpus,
    hardware,
    os: r && spec.osId ? { shortId: spec.osId, name: r.name, family: r.os.family, url: r.os.url } : undefined,
    disk,
    installIso: s.kind === 'iso' ? s.path : undefined,
    virtioWinIso: spec.virtioWinIso,
    kernel: s.kind === 'kernel' ? { kernel: s.kernel, initrd: s.initrd, cmdline: s.cmdline } : undefined,
    boot: s.kind === 'iso' ? 'cdrom' : s.kind === 'pxe' ? 'network' : s.kind === 'kernel' ? 'kernel' : 'hd',
    network: spec.network,
    install: {
      kind: s.kind,
      source: s.kind === 'iso' || s.kind === 'import' ? s.path : s.kind === 'kernel' ? s.kernel : undefined,
    },
  });
}

function checkCancel(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw signal.reason ?? new ApiFailure('CANCELLED', 'Creating the guest was cancelled.');
}

export async function createGuest(
  conn: LibvirtConnectionApi,
  spec: CreateVmSpec,
  deps: CreateDeps,
  onProgress: ProgressFn = () => undefined,
  signal?: AbortSignal,
): Promise<VmRef> {
  const made: { vol?: VolumeRef; dom?: DomainRef } = {};
  try {
    let disk: VmBuildSpec['disk'];
    if (spec.source.kind === 'import') {
      // the format and backing chain read from the file; anything but qcow2 and raw is refused here,
      // before anything is made
      disk = await diskToAttach(conn, spec.source.path);
    } else {
      onProgress(CREATE_STEPS.pool, 0.05);
      const pool = await ensurePool(conn, spec.pool ?? 'default', { system: isSystemUri(conn.uri) });
      checkCancel(signal);
      onProgress(CREATE_STEPS.disk, 0.2);
      const { vol, path } = await createQcow2Volume(conn, pool, spec.name, spec.diskGiB);
      made.vol = vol;
      disk = { path, format: 'qcow2' };
    }
    checkCancel(signal);
    onProgress(CREATE_STEPS.define, 0.5);
    const xml = guestXml(spec, deps, disk);
    made.dom = await conn.domainDefineXML(xml, DefineFlags.VALIDATE);
    checkCancel(signal);
    if (spec.startAfterCreate) {
      onProgress(CREATE_STEPS.start, 0.7);
      await conn.domainCreate(made.dom, 0);
      await markStarted(conn, made.dom, xml);
    }
    checkCancel(signal);
    return { connection: spec.connection, uuid: made.dom.uuid };
  } catch (err) {
    onProgress(CREATE_STEPS.undo);
    await undo(conn, made);
    throw err;
  }
}

// VIR_DOMAIN_METADATA_ELEMENT
const METADATA_ELEMENT = 2;

/**
 * Records in KVM Desk's metadata (live and persistent) that the guest has run from its install source:
 * after its first shutdown the UI offers to eject the ISO, whatever shut-off reason libvirt gives then.
 * Best effort: the guest runs either way, and the UI falls back to the shut-off reason.
 */
async function markStarted(conn: LibvirtConnectionApi, dom: DomainRef, definedXml: string): Promise<void> {
  const meta = readKvmDeskMetadata(definedXml);
  if (!meta?.installKind) return;
  await conn
    .domainSetMetadata(
      dom,
      METADATA_ELEMENT,
      kvmDeskMetadataElement({ ...meta, startedSinceInstall: true }),
      KVMDESK_PREFIX,
      KVMDESK_NS,
      DeviceModifyFlags.LIVE | DeviceModifyFlags.CONFIG,
    )
    .catch((e) => console.error(`create: could not note in ${dom.name}'s metadata that it started:`, e));
}

/** Best effort, in reverse order; an undo that fails is logged, the original error is what the user sees. */
async function undo(conn: LibvirtConnectionApi, made: { vol?: VolumeRef; dom?: DomainRef }): Promise<void> {
  if (made.dom) {
    const dom = made.dom;
    if (await conn.domainIsActive(dom).catch(() => false))
      await conn.domainDestroy(dom, 0).catch(() => undefined);
    // with the flag fallback: libvirt before 8.9 refuses the TPM flag, which left the guest behind
    await undefineGuest(conn, dom).catch((e) =>
      console.error(`create: could not undefine ${dom.name} while undoing:`, e),
    );
  }
  if (made.vol) {
    const vol = made.vol;
    await conn
      .volumeDelete(vol, 0)
      .catch((e) => console.error(`create: could not delete ${vol.name} while undoing:`, e));
  }
}
