// The preload's window.kvm (Electron itself cannot run here: its ipcRenderer and contextBridge are
// replaced by recorders, the preload's own code runs as shipped).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { KvmBridge } from '../../../preload/contract';

const exposed: Record<string, unknown> = {};
const invoked: unknown[][] = [];
const sent: string[] = [];
let eventHandler: ((e: unknown, name: string, payload: unknown) => void) | undefined;

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      invoked.push(args);
      return { ok: true, value: null };
    },
    send: (channel: string) => sent.push(channel),
    on: (channel: string, h: typeof eventHandler) => {
      if (channel === 'kvm:event') eventHandler = h;
    },
  },
}));

let kvm: KvmBridge;
beforeAll(async () => {
  await import('../../../preload/index');
  kvm = exposed.kvm as KvmBridge;
});

describe('preload', () => {
  it('exposes only window.kvm, says it is ready, and names its shell', () => {
    expect(Object.keys(exposed)).toEqual(['kvm']);
    expect(kvm.shell).toBe('electron');
    expect(sent).toEqual(['kvm:ready']);
  });

  it('passes contract methods to main and refuses anything else without asking main', async () => {
    await kvm.call('vms.start', { connection: 'qemu:///system', uuid: 'u' });
    expect(invoked).toEqual([['kvm:call', 'vms.start', { connection: 'qemu:///system', uuid: 'u' }]]);
    const r = await kvm.call('fs.readFile' as 'vms.start', { connection: 'x', uuid: 'y' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', detail: { field: 'method' } } });
    expect(invoked).toHaveLength(1);
  });

  it('delivers events to listeners of that event until they unsubscribe', () => {
    const got: unknown[] = [];
    const off = kvm.on('vm.removed', (p) => got.push(p));
    eventHandler?.({}, 'vm.removed', { connection: 'c', uuid: 'u' });
    eventHandler?.({}, 'vm.changed', { name: 'other' });
    off();
    eventHandler?.({}, 'vm.removed', { connection: 'c', uuid: 'v' });
    expect(got).toEqual([{ connection: 'c', uuid: 'u' }]);
    expect(() => kvm.on('shell.exec' as 'vm.removed', () => {})).toThrow(/no event/);
  });
});
