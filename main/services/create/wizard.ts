// What the creation wizard asks before Create: the defaults for an OS on this host, and the problems of
// a spec (validate-create's rules over the host's numbers, the pool's free space and the files).
//
// Exports:
//   createDefaults(conn, { osId?, source?, virtioWin?, firmware?, tpm?, pool? }, deps, date?): Promise<CreateDefaults>
//   createContext(conn, spec, deps): Promise<CreateContext>
//   validateForCreate(conn, spec, deps): Promise<FieldProblem[]>
//   defaultNetworkState(conn, name?): Promise<'active' | 'inactive' | 'missing'>
//   ensureDefaultNetwork(conn): Promise<void>      start the NAT network 'default', or create it
import type {
  CreateDefaults,
  CreateVmSpec,
  FieldProblem,
  Firmware,
  InstallSource,
} from '../../../preload/contract';
import type { LibvirtConnectionApi } from '../../libvirt/facade';
import { isLocalUri, isSystemUri } from '../../libvirt/uri';
import { chooseHardware, defaultFirmware, fitResources } from '../../model/defaults';
import { type CreateContext, generateName, validateCreateSpec } from '../../model/validate-create';
import { checkDiskImage } from '../disk-format';
import { isNotFound } from '../errors';
import { hostMemoryKiB } from '../host';
import { createDefaultNetwork } from '../networks';
import type { CreateDeps } from './create-guest';
import { checkFileForQemu } from './file-check';
import { poolFreeBytes } from './storage';

async function existingNames(conn: LibvirtConnectionApi): Promise<Set<string>> {
  return new Set((await conn.listAllDomains(0)).map((d) => d.name));
}

/** create.defaults' arguments: the OS, the kind of source and the wizard's current choices */
export interface DefaultsArgs {
  osId?: string;
  source?: InstallSource;
  virtioWin?: boolean;
  firmware?: Firmware;
  tpm?: boolean;
  pool?: string;
}

export async function createDefaults(
  conn: LibvirtConnectionApi,
  args: DefaultsArgs,
  deps: CreateDeps,
  date = new Date(),
): Promise<CreateDefaults> {
  const { db, host } = deps;
  const r = args.osId ? db.resolve(args.osId) : undefined;
  const poolName = args.pool ?? 'default';
  const [node, memKiB, names, free] = await Promise.all([
    conn.nodeGetInfo(),
    hostMemoryKiB(conn),
    existingNames(conn),
    poolFreeBytes(conn, poolName),
  ]);
  // prefill within what the host has, saying which values were lowered and why
  const resources = fitResources(db.resources(r?.os), {
    memoryKiB: memKiB,
    cpus: node.cpus,
    poolFreeBytes: free,
    poolName,
  });
  const fw = defaultFirmware({ db, os: r?.os, host });
  // the reasons follow the wizard's current choices (a virtio-win ISO, the user's firmware and TPM)
  const hw = chooseHardware({
    db,
    os: r?.os,
    host,
    virtioWin: args.virtioWin,
    firmware: args.firmware,
    tpm: args.tpm,
  });
  return {
    name: generateName(args.osId, names, date),
    // a release newer than the db keeps its own id and name ("debian12", "Debian 12")
    os: r
      ? r.newerVersion
        ? { ...db.newerEntry(r.os, r.newerVersion), id: args.osId! }
        : db.entry(r.os)
      : undefined,
    resources,
    firmware: fw.firmware,
    tpm: fw.tpm,
    reasons: hw.reasons,
    accelerator: host.accelerator,
    acceleratorWarning: host.acceleratorWarning,
    note: r?.note,
  };
}

export async function createContext(
  conn: LibvirtConnectionApi,
  spec: CreateVmSpec,
  deps: CreateDeps,
): Promise<CreateContext> {
  const poolName = spec.pool ?? 'default';
  const net = spec.network;
  const [node, memKiB, names, free, pools, networkState] = await Promise.all([
    conn.nodeGetInfo(),
    hostMemoryKiB(conn),
    existingNames(conn),
    poolFreeBytes(conn, poolName),
    conn.listAllStoragePools(0),
    net.kind === 'nat' && net.name.trim() ? defaultNetworkState(conn, net.name) : undefined,
  ]);
  const r = spec.osId ? deps.db.resolve(spec.osId) : undefined;
  const system = isSystemUri(conn.uri);
  const local = isLocalUri(conn.uri) && !conn.uri.startsWith('test');
  const fileCheck: CreateContext['fileCheck'] = local
    ? (path) => checkFileForQemu(path, { systemConnection: system })
    : () => ({ exists: true, isFile: true, readableByQemu: true });
  // an import's format is read from the file (qemu-img, or libvirt's volume on a remote host)
  let importDiskProblem: string | undefined;
  const src = spec.source;
  if (src.kind === 'import' && src.path.startsWith('/')) {
    const c = fileCheck(src.path);
    if (c.exists && c.isFile) importDiskProblem = (await checkDiskImage(conn, src.path)).problem;
  }
  return {
    hostMemoryKiB: memKiB,
    hostCpus: node.cpus,
    poolFreeBytes: free,
    poolName,
    poolExists: pools.some((p) => p.name === poolName),
    existingNames: names,
    os: r ? deps.db.resources(r.os) : undefined,
    osName: r?.name,
    systemConnection: system,
    // files on a remote host cannot be looked at from here: libvirt reports them when it uses them
    fileCheck,
    importDiskProblem,
    networkState,
    host: { efi: deps.host.efi, secureBoot: deps.host.secureBoot, tpmEmulator: deps.host.tpmEmulator },
  };
}

export async function validateForCreate(
  conn: LibvirtConnectionApi,
  spec: CreateVmSpec,
  deps: CreateDeps,
): Promise<FieldProblem[]> {
  return validateCreateSpec(spec, await createContext(conn, spec, deps));
}

export async function defaultNetworkState(
  conn: LibvirtConnectionApi,
  name = 'default',
): Promise<'active' | 'inactive' | 'missing'> {
  try {
    const net = await conn.lookupNetworkByName(name);
    return (await conn.networkIsActive(net)) ? 'active' : 'inactive';
  } catch (err) {
    if (isNotFound(err)) return 'missing';
    throw err;
  }
}

/** Starts the NAT network 'default', creating it (192.168.122.0/24, like libvirt's stock one) when missing. */
export function ensureDefaultNetwork(conn: LibvirtConnectionApi): Promise<void> {
  return createDefaultNetwork(conn);
}
