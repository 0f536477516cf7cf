// Every api method, fed wrong types, missing and extra fields, folders, devices, FIFOs, missing files and
// 1 MB strings: bad input is answered with a typed error (INVALID_INPUT, NOT_FOUND, ...), never INTERNAL,
// and no call hangs. Over the libvirt test driver, and over qemu:///system for what the test driver
// cannot do (the create calls need domain capabilities). Destructive methods only ever get a uuid that
// exists nowhere; on qemu:///system the host's networks are never started or made (no NAT network in
// the specs, no networks.createDefault), and what create.start defines is kvmdesk-test-fuzz*, removed.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResult, type Job, METHODS, type Method } from '../../../preload/contract';
import { startTestBackend, type TestBackend } from './backend';

const TD = 'test+unix:///default';
const SYSTEM = 'qemu:///system';
/** never called on the host: they would start, make, stop, change or delete the user's own network or
 *  pool (a mutated name such as 'x' might be one); the test driver checks their input the same way */
const NOT_ON_SYSTEM: Method[] = [
  'networks.createDefault',
  'networks.start',
  'networks.stop',
  'networks.setAutostart',
  'networks.delete',
  'networks.create',
  // a fuzzed pool name ('x') could be one of the user's: what changes storage runs on the test driver only
  'storage.createPool',
  'storage.startPool',
  'storage.stopPool',
  'storage.setPoolAutostart',
  'storage.deletePool',
  'storage.createVolume',
  'storage.deleteVolume',
  'storage.resizeVolume',
  'storage.upload',
];
/** a uuid no guest has, on any connection */
const NOBODY = 'deadbeef-0000-4000-8000-00000000f022';
const PER_CALL_MS = 20_000;

let t: TestBackend;
let sys: TestBackend;
let dir: string;
let fifo: string;
let iso: string;

beforeAll(async () => {
  t = await startTestBackend(TD);
  sys = await startTestBackend(SYSTEM);
  dir = mkdtempSync(join(tmpdir(), 'kvmdesk-test-fuzz-'));
  fifo = join(dir, 'kvmdesk-test-fifo.iso');
  execFileSync('mkfifo', [fifo]);
  iso = join(dir, 'kvmdesk-test-empty.iso');
  writeFileSync(iso, Buffer.alloc(64 * 1024));
  // readable by libvirt-qemu, so the host's create jobs get past validation
  chmodSync(dir, 0o755);
  chmodSync(iso, 0o644);
});

afterAll(async () => {
  // what create.start made on the test driver (in memory, but shared while a connection is open)
  const c = t.backend.ctx.connections.client(TD);
  for (const d of await c.listAllDomains(0)) {
    if (!d.name.startsWith('kvmdesk-test-')) continue;
    await c.domainDestroy(d, 0).catch(() => undefined);
    await c.domainUndefine(d, 0).catch(() => undefined);
  }
  await t.stop();
  // on the host: the guests create.start defined (never started) and their disks
  const h = sys.backend.ctx.connections.client(SYSTEM);
  for (const d of await h.listAllDomains(0)) {
    if (!d.name.startsWith('kvmdesk-test-fuzz')) continue;
    await h.domainUndefine(d, 4 | 1).catch(() => h.domainUndefine(d, 0).catch(() => undefined));
  }
  const pool = await h.lookupStoragePoolByName('default').catch(() => undefined);
  if (pool) {
    await h.storagePoolRefresh(pool, 0).catch(() => undefined);
    for (const v of await h.listAllVolumes(pool, 0)) {
      if (v.name.startsWith('kvmdesk-test-fuzz')) await h.volumeDelete(v, 0).catch(() => undefined);
    }
  }
  await sys.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A call each method accepts as well-formed, the start of every mutation. */
function base(m: Method, conn = TD): Record<string, unknown> {
  const vm = { connection: conn, uuid: NOBODY };
  // a pool no host has: storage calls on it are refused with NOT_FOUND before anything changes
  const noPool = { connection: conn, pool: 'kvmdesk-test-fuzz-no-pool' };
  const noVol = { ...noPool, name: 'kvmdesk-test-fuzz-vol' };
  const spec = {
    connection: conn,
    name: 'kvmdesk-test-fuzz',
    source: { kind: 'iso', path: iso },
    memoryMiB: 256,
    vcpus: 1,
    diskGiB: 1,
    firmware: 'bios',
    tpm: false,
    network: conn === TD ? { kind: 'nat', name: 'default' } : { kind: 'none' },
    pool: conn === TD ? 'default-pool' : 'default',
    startNetwork: false,
    startAfterCreate: false,
  };
  // a method not listed here (added since) is tried as a guest call on the uuid nobody has
  const table: Partial<Record<Method, Record<string, unknown>>> = {
    'app.snapshot': {},
    'host.status': { connection: conn },
    'host.info': { connection: conn },
    'host.watchStats': { connection: conn },
    'host.unwatchStats': { id: 'kvmdesk-test-watch' },
    'host.statsHistory': { connection: conn },
    'settings.get': {},
    'settings.set': { forceSoftwareEmulation: false },
    'vms.details': vm,
    'vms.start': vm,
    'vms.shutdown': vm,
    'vms.forceOff': vm,
    'vms.reboot': vm,
    'vms.reset': vm,
    'vms.pause': vm,
    'vms.resume': vm,
    'vms.makePermanent': vm,
    'vms.deletePlan': vm,
    'vms.delete': { ...vm, deleteDisks: [] },
    'vms.clone': { ...vm, name: 'kvmdesk-test-fuzz-clone', mode: 'linked' },
    'vms.makeIndependent': vm,
    'vms.ejectMedia': { ...vm, target: 'sda' },
    'vms.screenshot': vm,
    // a test-prefixed name even though the uuid is nobody's: a rename never names a guest outside it
    'vms.rename': { ...vm, name: 'kvmdesk-test-fuzz-renamed' },
    'vms.setInfo': { ...vm, title: 'kvmdesk-test title', description: 'kvmdesk-test ]]>', osId: 'debian11' },
    'vms.setAutostart': { ...vm, enabled: false },
    'vms.createShortcut': { ...vm, desktop: false },
    'vms.saveState': vm,
    'vms.discardSavedState': vm,
    'vms.edit': { ...vm, edit: { kind: 'cdromMedia', target: 'sda', path: iso } },
    'vms.getXml': { ...vm, live: true },
    'vms.defineXml': {
      ...vm,
      xml: '<domain type="qemu"><name>kvmdesk-test-fuzz-xml</name></domain>',
      version: '0123456789abcdef',
    },
    'snapshots.list': vm,
    'snapshots.take': {
      ...vm,
      name: 'kvmdesk-test-fuzz-snap',
      description: 'kvmdesk-test ]]>',
      memory: true,
    },
    'snapshots.revert': { ...vm, name: 'kvmdesk-test-fuzz-snap' },
    'snapshots.delete': { ...vm, name: 'kvmdesk-test-fuzz-snap', children: true },
    'snapshots.setDescription': { ...vm, name: 'kvmdesk-test-fuzz-snap', description: 'kvmdesk-test' },
    'stats.watch': { connection: conn, uuids: [NOBODY], interval: 'graph' },
    'stats.unwatch': { id: 'kvmdesk-test-watch' },
    'stats.history': vm,
    'addresses.get': vm,
    'addresses.refresh': vm,
    'networks.list': { connection: conn },
    'networks.start': { connection: conn, name: 'kvmdesk-test-fuzz-no-net' },
    'networks.createDefault': { connection: conn },
    'networks.stop': { connection: conn, name: 'kvmdesk-test-fuzz-no-net' },
    'networks.setAutostart': { connection: conn, name: 'kvmdesk-test-fuzz-no-net', enabled: true },
    'networks.delete': { connection: conn, name: 'kvmdesk-test-fuzz-no-net' },
    'networks.createInfo': { connection: conn },
    // a reserved subnet: every mutation is refused before anything is defined (no mode, subnet or name
    // in the mutations makes a valid request), so the fuzz never makes a network
    'networks.create': {
      connection: conn,
      name: 'kvmdesk-test-fuzz-net',
      mode: 'nat',
      subnet: '127.0.0.0/24',
      dhcp: { start: '127.0.0.2', end: '127.0.0.9' },
    },
    'networks.watchLeases': { connection: conn, name: 'kvmdesk-test-fuzz-no-net' },
    'networks.unwatchLeases': { id: 'kvmdesk-test-watch' },
    'osinfo.list': {},
    'osinfo.detectIso': { connection: conn, path: iso },
    'osinfo.nearest': { query: 'Debian 12' },
    'storage.pools': { connection: conn },
    'storage.listPools': { connection: conn },
    'storage.poolTypes': { connection: conn },
    'storage.createPool': {
      connection: conn,
      name: 'kvmdesk-test-fuzz-pool',
      type: 'logical',
      volumeGroup: 'kvmdesk-test-fuzz-no-vg',
    },
    'storage.startPool': noPool,
    'storage.stopPool': noPool,
    'storage.refreshPool': noPool,
    'storage.setPoolAutostart': { ...noPool, enabled: false },
    'storage.deletePool': noPool,
    'storage.listVolumes': noPool,
    'storage.createVolume': { ...noVol, format: 'qcow2', sizeBytes: 1024 * 1024 * 1024 },
    'storage.deleteVolume': noVol,
    'storage.resizeVolume': { ...noVol, sizeBytes: 2 * 1024 * 1024 * 1024 },
    'storage.upload': { ...noVol, from: { path: iso } },
    'storage.download': { ...noVol, to: { path: join(dir, 'kvmdesk-test-fuzz-download') } },
    'files.list': { connection: conn, path: dir },
    'files.pick': { connection: conn, title: 'Choose', filters: 'iso' },
    'create.installMedia': { connection: conn, kind: 'iso' },
    'create.defaults': { connection: conn, osId: 'debian11' },
    'create.validate': spec,
    'create.start': spec,
    'jobs.cancel': { id: 'kvmdesk-test-no-job' },
    'console.open': vm,
    'console.openWindow': vm,
    // a host that does not resolve (.invalid), and a connection nobody has: no real host or list is touched
    'hosts.buildUri': { host: 'kvmdesk-test-fuzz.invalid', user: 'kvmdesk-test', port: 22, daemon: 'system' },
    'hosts.test': { host: 'kvmdesk-test-fuzz.invalid', user: 'kvmdesk-test', port: 22, daemon: 'system' },
    'hosts.add': {
      host: 'kvmdesk-test-fuzz.invalid',
      user: 'kvmdesk-test',
      port: 22,
      daemon: 'session',
      label: 'kvmdesk-test-fuzz',
      connectAtStart: false,
    },
    'hosts.remove': { connection: 'test+unix:///kvmdesk-test-fuzz-nowhere' },
    'hosts.disconnect': { connection: 'test+unix:///kvmdesk-test-fuzz-nowhere' },
    'hosts.reconnect': { connection: 'test+unix:///kvmdesk-test-fuzz-nowhere' },
    'hosts.setConnectAtStart': { connection: 'test+unix:///kvmdesk-test-fuzz-nowhere', enabled: false },
    'eventLog.list': {},
  };
  return structuredClone(table[m] ?? vm);
}

const WRONG_TYPES: unknown[] = [42, -1, 1e308, Number.NaN, true, null, [], {}, 'x', ['a']];
const MB = 'a'.repeat(1024 * 1024);
function strings(): string[] {
  return [
    '',
    '/',
    dir,
    '/dev/null',
    '/dev/zero',
    '/dev/urandom',
    fifo,
    '/nonexistent/kvmdesk-test-missing.iso',
    join(dir, 'kvmdesk-test-missing.iso'),
    '../../etc/passwd',
    'with\0nul',
    MB,
    `/${MB}`,
    '<>&"\'',
  ];
}

type Path = (string | number)[];

/** every value's path in an object tree (strings, numbers, booleans, arrays and objects alike) */
function leaves(v: unknown, at: Path = []): Path[] {
  if (v === null || typeof v !== 'object') return [at];
  const out: Path[] = at.length ? [at] : [];
  for (const [k, x] of Object.entries(v)) out.push(...leaves(x, [...at, k]));
  return out;
}

function withAt(obj: unknown, path: Path, value: unknown | typeof REMOVE): unknown {
  const copy = structuredClone(obj) as Record<string | number, unknown>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === REMOVE) delete o[last];
  else o[last] = value;
  return copy;
}
const REMOVE = Symbol('remove');

function mutations(m: Method, conn: string): { what: string; args: unknown }[] {
  const b = base(m, conn);
  const out: { what: string; args: unknown }[] = [
    { what: 'no args', args: undefined },
    { what: 'null', args: null },
    { what: 'a number', args: 7 },
    { what: 'a string', args: '/dev/zero' },
    { what: 'an array', args: [b] },
    { what: 'an extra field', args: { ...b, kvmdeskFuzz: 1 } },
    { what: 'a huge extra field', args: { ...b, [MB.slice(0, 1000)]: MB } },
  ];
  for (const p of leaves(b)) {
    const name = p.join('.');
    out.push({ what: `${name} missing`, args: withAt(b, p, REMOVE) });
    for (const w of WRONG_TYPES) out.push({ what: `${name} = ${JSON.stringify(w)}`, args: withAt(b, p, w) });
    for (const s of strings())
      out.push({ what: `${name} = ${JSON.stringify(s.slice(0, 40))}`, args: withAt(b, p, s) });
    if (p.length > 0) {
      const parent = p.slice(0, -1);
      if (parent.length)
        out.push({
          what: `${parent.join('.')} with an extra field`,
          args: withAt(b, [...parent, 'kvmdeskFuzz'], 1),
        });
    }
  }
  return out;
}

function timeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${what} did not answer within ${PER_CALL_MS} ms`)),
        PER_CALL_MS,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

/** a job's end, from the recorded events */
async function jobEnd(id: string, on = t): Promise<Job> {
  const e = await on.waitEvent('job', (j) => j.id === id && j.state !== 'running', {
    timeoutMs: PER_CALL_MS,
  });
  return e.payload;
}

/** no guest is ever started on the host by this test (the lock for running guests is not held) */
function startsAGuest(args: unknown): boolean {
  return (
    typeof args === 'object' &&
    args !== null &&
    (args as { startAfterCreate?: unknown }).startAfterCreate === true
  );
}

/**
 * On the host, create.start may only make what this test may remove: a variant whose name is a string
 * without the test prefix ('x'), or no name at all (KVM Desk would make one up), would define a guest of
 * the user's namespace. Names of other types are refused before anything is made, so they still run.
 */
function mayDefineOnHost(args: unknown): boolean {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return true;
  const name = (args as { name?: unknown }).name;
  if (typeof name === 'string') return name.startsWith('kvmdesk-test-');
  return name !== undefined;
}

async function fuzz(method: Method, on: TestBackend, conn: string): Promise<string[]> {
  const internal: string[] = [];
  for (const { what, args } of mutations(method, conn)) {
    if (conn === SYSTEM && method === 'create.start' && (startsAGuest(args) || !mayDefineOnHost(args)))
      continue;
    const r = (await timeout(
      on.backend.api.call(method, args),
      `${method} with ${what}`,
    )) as ApiResult<unknown>;
    if (!r.ok) {
      if (r.error.code === 'INTERNAL') internal.push(`${what}: ${r.error.message}`);
      expect(r.error.message, `${method} with ${what}`).not.toMatch(/\n\s+at /);
      continue;
    }
    if (method === 'create.start') {
      const job = await jobEnd((r.value as Job).id, on);
      if (job.error?.code === 'INTERNAL') internal.push(`${what} (the job): ${job.error.message}`);
    }
  }
  return internal;
}

describe('api fuzz: bad input never answers INTERNAL', () => {
  for (const method of METHODS) {
    it(`${method} on the test driver`, async () => {
      expect(await fuzz(method, t, TD), `${method} answered INTERNAL`).toEqual([]);
    });
    if (NOT_ON_SYSTEM.includes(method)) continue;
    it(`${method} on qemu:///system`, async () => {
      expect(await fuzz(method, sys, SYSTEM), `${method} answered INTERNAL`).toEqual([]);
    });
  }
});

describe('api fuzz: the starting points are well-formed', () => {
  it('the base calls are accepted, so every mutation changes one thing of a valid call', async () => {
    for (const m of ['create.defaults', 'create.validate', 'storage.pools', 'osinfo.nearest'] as const) {
      const r = await sys.backend.api.call(m, base(m, SYSTEM));
      expect(r.ok, `${m}: ${JSON.stringify(r)}`).toBe(true);
    }
    const r = await sys.backend.api.call('create.start', {
      ...base('create.start', SYSTEM),
      name: 'kvmdesk-test-fuzz-ok',
    });
    expect(r.ok).toBe(true);
    if (r.ok) expect(await jobEnd((r.value as Job).id, sys)).toMatchObject({ state: 'done' });
  });
});
