// Which event-log entries notify, and when: focus suppresses, each kind can be turned off.
import { describe, expect, it } from 'vitest';
import type { EventLogEntry } from '../../../preload/contract';
import { NOTIFY_DEFAULTS, noticeFor, noticeToShow } from '../../../preload/notify-rules';

const guest = { connection: 'qemu:///system', uuid: 'u-1', guest: 'web' };
const entry = (e: Partial<EventLogEntry>): EventLogEntry =>
  ({ id: 7, time: 0, kind: 'lifecycle', event: 'started', message: 'm', ...e }) as EventLogEntry;
const away = { focused: false, settings: NOTIFY_DEFAULTS };

describe('which events notify', () => {
  it('a guest that crashed (lifecycle crashed, or stopped with detail crashed)', () => {
    const panicked = noticeFor(entry({ ...guest, event: 'crashed', detail: 'panicked' }));
    expect(panicked).toMatchObject({
      kind: 'crashed',
      title: 'web crashed',
      route: '#/vm/qemu%3A%2F%2F%2Fsystem/u-1',
    });
    expect(noticeFor(entry({ ...guest, event: 'stopped', detail: 'crashed' }))?.kind).toBe('crashed');
    expect(noticeFor(entry({ ...guest, event: 'stopped', detail: 'failed' }))?.kind).toBe('crashed');
  });

  it('a guest that shut down by itself or was destroyed with virsh, not one KVM Desk stopped', () => {
    const itself = entry({ ...guest, event: 'stopped', detail: 'shutdown', cause: 'outside' });
    expect(noticeFor(itself)).toMatchObject({ kind: 'stoppedOutside', title: 'web shut down by itself' });
    const virsh = entry({ ...guest, event: 'stopped', detail: 'destroyed', cause: 'outside' });
    expect(noticeFor(virsh)?.title).toBe('web was forced off outside KVM Desk');
    expect(noticeFor({ ...virsh, cause: 'kvm-desk' })).toBeNull();
    expect(noticeFor({ ...itself, cause: 'kvm-desk' })).toBeNull();
  });

  it('not starts, pauses, saves by KVM Desk or migrations', () => {
    for (const [event, detail, cause] of [
      ['started', 'booted', undefined],
      ['suspended', 'paused', undefined],
      ['stopped', 'saved', 'kvm-desk'],
      ['stopped', 'migrated', 'outside'],
      ['shutdown', 'finished', 'outside'],
    ] as const)
      expect(noticeFor(entry({ ...guest, event, detail, cause })), `${event} ${detail}`).toBeNull();
  });

  it('a job that ran 10 s or more and finished or failed; not a short one, not a cancelled one', () => {
    expect(noticeFor(entry({ kind: 'job', event: 'done', durationMs: 12_000 }))).toMatchObject({
      kind: 'jobs',
      title: 'Task finished',
      route: '',
    });
    expect(noticeFor(entry({ kind: 'job', event: 'failed', durationMs: 10_000 }))?.title).toBe('Task failed');
    expect(noticeFor(entry({ kind: 'job', event: 'done', durationMs: 9_999 }))).toBeNull();
    expect(noticeFor(entry({ kind: 'job', event: 'cancelled', durationMs: 60_000 }))).toBeNull();
    expect(noticeFor(entry({ kind: 'job', event: 'started' }))).toBeNull();
  });

  it('a connection lost for 10 s, and back after that; not a blip, not the first connect', () => {
    expect(noticeFor(entry({ kind: 'connection', event: 'lost' }))?.title).toBe('Connection to libvirt lost');
    expect(noticeFor(entry({ kind: 'connection', event: 'connected', durationMs: 15_000 }))?.title).toBe(
      'Connection to libvirt is back',
    );
    expect(noticeFor(entry({ kind: 'connection', event: 'connected', durationMs: 3_000 }))).toBeNull();
    expect(noticeFor(entry({ kind: 'connection', event: 'connected' }))).toBeNull();
    expect(noticeFor(entry({ kind: 'connection', event: 'disconnected' }))).toBeNull();
  });

  it('not failed actions: they are shown where the user asked', () => {
    expect(noticeFor(entry({ kind: 'error', event: 'vms.start', detail: 'LIBVIRT' }))).toBeNull();
  });
});

describe('when a notice is shown', () => {
  const crash = entry({ ...guest, event: 'crashed', detail: 'panicked' });

  it('only while no window of ours has focus', () => {
    expect(noticeToShow(crash, away)?.kind).toBe('crashed');
    expect(noticeToShow(crash, { ...away, focused: true })).toBeNull();
  });

  it('not for a kind the user turned off; the other kinds still show', () => {
    const settings = { ...NOTIFY_DEFAULTS, crashed: false };
    expect(noticeToShow(crash, { focused: false, settings })).toBeNull();
    const job = entry({ kind: 'job', event: 'done', durationMs: 20_000 });
    expect(noticeToShow(job, { focused: false, settings })?.kind).toBe('jobs');
  });

  it('each entry has its own tag, so two browser tabs show it once', () => {
    expect(noticeFor(crash)?.tag).toBe('kvmdesk-7');
  });
});
