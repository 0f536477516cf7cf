// The host's memory is the whole machine's, across NUMA cells, and the same figure everywhere: the host
// status, the wizard's prefill and the validation message. (libvirt's node info can count one cell only:
// 6.1 GiB on a 23.5 GiB host.)
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibvirtConnection } from '../../../main/libvirt/index';
import { formatSize } from '../../../main/model/validate-create';
import {
  type CreateDeps,
  createContext,
  createDefaults,
  validateForCreate,
} from '../../../main/services/create/index';
import { hostMemoryKiB, hostStatus } from '../../../main/services/host';
import { SettingsStore } from '../../../main/services/settings';
import type { CreateVmSpec } from '../../../preload/contract';
import { connect, URI } from './support';

let conn: LibvirtConnection;
let deps: CreateDeps;
const memTotalKiB = Number(/MemTotal:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]);

beforeAll(async () => {
  ({ conn, deps } = await connect());
});
afterAll(async () => {
  await conn?.close();
});

const spec = (memoryMiB: number): CreateVmSpec => ({
  connection: URI,
  name: 'kvmdesk-test-memory',
  source: { kind: 'pxe' },
  memoryMiB,
  vcpus: 1,
  diskGiB: 1,
  firmware: 'bios',
  tpm: false,
  network: { kind: 'nat', name: 'default' },
  startAfterCreate: false,
});

describe("the host's memory", () => {
  it('equals /proc/meminfo MemTotal within 1% on the local host', async () => {
    const kib = await hostMemoryKiB(conn);
    expect(Math.abs(kib - memTotalKiB) / memTotalKiB).toBeLessThan(0.01);
  });

  it('is the same figure in the host status, the wizard context and the prefill', async () => {
    const kib = await hostMemoryKiB(conn);
    // the settings are not loaded: nothing is read from or written to a settings folder
    const status = await hostStatus(conn, URI, new SettingsStore('/nonexistent/kvmdesk-test-settings'));
    expect(status.memoryKiB).toBe(kib);
    expect((await createContext(conn, spec(1024), deps)).hostMemoryKiB).toBe(kib);
    const d = await createDefaults(conn, { osId: 'win11' }, deps);
    // the OS's recommendation, capped at three quarters of the host's memory
    const recommended = deps.db.resources(deps.db.resolve('win11')?.os).memoryMiB;
    expect(d.resources.memoryMiB).toBe(Math.max(256, Math.min(recommended, Math.floor((kib / 1024) * 0.75))));
  });

  it("names the whole host's memory when a guest asks for more", async () => {
    const kib = await hostMemoryKiB(conn);
    const problems = await validateForCreate(conn, spec(Math.ceil(kib / 1024) + 1), deps);
    const memory = problems.find((p) => p.field === 'memoryMiB');
    expect(memory?.message).toBe(`Memory must be at most ${formatSize(kib * 1024)}, the host's RAM.`);
    // just under the host's memory is no error (the old figure, one NUMA cell, refused this)
    const fits = await validateForCreate(conn, spec(Math.floor(kib / 1024) - 1), deps);
    expect(fits.filter((p) => p.field === 'memoryMiB' && p.severity === 'error')).toEqual([]);
  });
});
