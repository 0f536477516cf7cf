// The event log: what it records from the bus, who caused a stop, the 1,000-entry ring, failed actions.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Api } from '../../../main/api';
import { actionWords, withActionLog } from '../../../main/api/action-log';
import { EventLog, LOG_SIZE } from '../../../main/services/event-log';
import { EventBus } from '../../../main/services/events';
import type { EventLogEntry } from '../../../preload/contract';

const ref = { connection: 'qemu:///system', uuid: 'u-1' };
let bus: EventBus;
let pending: boolean;
let log: EventLog;
let pushed: EventLogEntry[];

beforeEach(() => {
  bus = new EventBus();
  pending = false;
  log = new EventLog(bus, { name: () => 'web', shutdownPending: () => pending });
  pushed = [];
  bus.on('eventLog.entry', (e) => pushed.push(e));
});
afterEach(() => {
  log.close();
  vi.useRealTimers();
});

const lifecycle = (event: string, detail: string) => bus.emit('vm.lifecycle', { ...ref, event, detail });

describe('the event log', () => {
  it('records lifecycle events with their libvirt detail, newest first, each pushed', () => {
    lifecycle('started', 'booted');
    lifecycle('crashed', 'panicked');
    const [crash, start] = log.list();
    expect(crash).toMatchObject({ kind: 'lifecycle', guest: 'web', event: 'crashed', detail: 'panicked' });
    expect(crash.message).toBe('Crashed: panicked');
    expect(start.message).toBe('Started: booted');
    expect(crash.id).toBeGreaterThan(start.id);
    expect(pushed.map((e) => e.event)).toEqual(['started', 'crashed']);
  });

  it('a stop nobody in KVM Desk asked for is from outside (virsh destroy, the guest itself)', () => {
    lifecycle('stopped', 'destroyed');
    expect(log.list()[0]).toMatchObject({
      cause: 'outside',
      message: 'Stopped: destroyed (outside KVM Desk)',
    });
  });

  it('a stop KVM Desk asked for: a pending Shut down, or an action sent just before', () => {
    pending = true;
    lifecycle('shutdown', 'finished');
    pending = false; // the store clears it at 'shutdown'; the intent still explains the 'stopped' after
    log.intents.expect(ref);
    lifecycle('stopped', 'shutdown');
    expect(log.list().map((e) => e.cause)).toEqual(['kvm-desk', 'kvm-desk']);
    // the intent is used up: the next stop is the guest's own
    lifecycle('stopped', 'shutdown');
    expect(log.list()[0].cause).toBe('outside');
  });

  it('keeps the last 1,000 entries', () => {
    for (let i = 0; i < LOG_SIZE + 5; i++) lifecycle('started', `n${i}`);
    const all = log.list();
    expect(all).toHaveLength(LOG_SIZE);
    expect(all[0].detail).toBe(`n${LOG_SIZE + 4}`);
    expect(all.at(-1)?.detail).toBe('n5');
  });

  it('records a job once when it starts and when it ends, with how long it ran', () => {
    vi.useFakeTimers();
    const job = { id: 'j', title: 'Create guest web', step: 'Starting', state: 'running' as const };
    bus.emit('job', job);
    bus.emit('job', { ...job, step: 'Copying', progress: 0.5 });
    vi.advanceTimersByTime(12_000);
    bus.emit('job', { ...job, state: 'done', result: ref });
    const [done, started] = log.list();
    expect(started.message).toBe('Create guest web: started');
    expect(done).toMatchObject({ event: 'done', durationMs: 12_000, uuid: 'u-1', guest: 'web' });
    expect(log.list()).toHaveLength(2);
  });

  it('records connection changes; a connection down for 10 s is "lost", its return says how long', () => {
    vi.useFakeTimers();
    const c = { id: 'qemu:///system', uri: 'qemu:///system' };
    bus.emit('connection', { ...c, state: 'connecting' });
    bus.emit('connection', { ...c, state: 'connected', hostname: 'h' });
    bus.emit('connection', { ...c, state: 'disconnected', message: 'libvirtd stopped' });
    bus.emit('connection', { ...c, state: 'connecting' });
    vi.advanceTimersByTime(10_000);
    bus.emit('connection', { ...c, state: 'connected' });
    expect(log.list().map((e) => [e.event, e.durationMs])).toEqual([
      ['connected', 10_000],
      ['lost', 10_000],
      ['disconnected', undefined],
      ['connected', undefined],
    ]);
  });
});

describe('the api as the log sees it', () => {
  const failing = (code: string): Api =>
    ({
      methods: [],
      call: vi.fn(async () => ({
        ok: false as const,
        error: { code, message: 'Requested operation is not valid' },
      })),
    }) as unknown as Api;

  it('logs a failed action with its cause, not a failed read or a bad form', async () => {
    const api = withActionLog(failing('LIBVIRT'), log);
    await api.call('vms.start', ref);
    await api.call('vms.details', ref);
    await withActionLog(failing('INVALID_INPUT'), log).call('vms.rename', { ...ref, name: '' });
    expect(log.list()).toEqual([
      expect.objectContaining({
        kind: 'error',
        event: 'vms.start',
        detail: 'LIBVIRT',
        guest: 'web',
        message: 'Start failed: Requested operation is not valid',
      }),
    ]);
  });

  it('a refused Force off is not remembered as KVM Desk stopping the guest', async () => {
    await withActionLog(failing('LIBVIRT'), log).call('vms.forceOff', ref);
    lifecycle('stopped', 'destroyed');
    expect(log.list()[0].cause).toBe('outside');
  });

  it('names actions in words', () => {
    expect(actionWords('vms.forceOff')).toBe('Force off');
    expect(actionWords('snapshots.take')).toBe('Take (snapshots)');
  });
});
