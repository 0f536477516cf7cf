// The Devices card's rows and "Add hardware" entries, and the steps of "Shut down and apply".
import { describe, expect, it } from 'vitest';
import type { GuestDevices } from '../../../preload/contract';
import { applyStep } from '../../../renderer/features/vm-details/apply-restart';
import {
  addEntries,
  deviceRows,
  watchdogModels,
} from '../../../renderer/features/vm-details/hardware/devices-form';

const none: GuestDevices = { tablet: false, guestAgent: false, rng: false };
const all: GuestDevices = {
  tpm: { model: 'tpm-crb', version: '2.0' },
  video: 'virtio',
  sound: 'ich9',
  tablet: true,
  guestAgent: true,
  rng: true,
  watchdog: { model: 'i6300esb', action: 'poweroff' },
};

describe('the Devices card', () => {
  it('a guest with every device: one row each, removed by the edit that turns it off', () => {
    const rows = deviceRows(all);
    expect(rows.map((r) => r.id)).toEqual([
      'tpm',
      'video',
      'sound',
      'tablet',
      'guestAgent',
      'rng',
      'watchdog',
    ]);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.remove]))).toEqual({
      tpm: { kind: 'tpm', enabled: false },
      video: undefined,
      sound: { kind: 'sound', model: 'none' },
      tablet: { kind: 'tablet', enabled: false },
      guestAgent: { kind: 'guestAgent', enabled: false },
      rng: { kind: 'rng', enabled: false },
      watchdog: { kind: 'watchdog', watchdog: 'none' },
    });
    expect(rows.find((r) => r.id === 'tpm')?.label).toBe('TPM 2.0');
    expect(rows.find((r) => r.id === 'watchdog')?.detail).toBe(
      'i6300esb; when the guest stops answering: power it off',
    );
    expect(rows.filter((r) => r.editable).map((r) => r.id)).toEqual(['video', 'sound', 'watchdog']);
  });

  it('Add hardware offers only what the guest lacks, plus a CD/DVD drive', () => {
    expect(addEntries(all, 'pc-q35-7.2').map((e) => e.id)).toEqual(['cdrom']);
    const entries = addEntries(none, 'pc-i440fx-7.2');
    expect(entries.map((e) => e.id)).toEqual([
      'cdrom',
      'tpm',
      'video',
      'sound',
      'tablet',
      'guestAgent',
      'rng',
      'watchdog',
    ]);
    expect(Object.fromEntries(entries.map((e) => [e.id, e.edit]))).toMatchObject({
      cdrom: { kind: 'addCdrom', bus: 'ide' },
      tpm: { kind: 'tpm', enabled: true },
      sound: { kind: 'sound', model: 'ich6' },
      watchdog: { kind: 'watchdog', watchdog: { model: 'i6300esb', action: 'reset' } },
    });
  });

  it('Q35 gets SATA for a CD, ich9 sound, and the iTCO watchdog among the choices', () => {
    const q35 = addEntries(none, 'pc-q35-7.2');
    expect(q35.find((e) => e.id === 'cdrom')?.edit).toEqual({ kind: 'addCdrom', bus: 'sata' });
    expect(q35.find((e) => e.id === 'sound')?.edit).toEqual({ kind: 'sound', model: 'ich9' });
    expect(watchdogModels('pc-q35-7.2').map((m) => m.value)).toEqual(['i6300esb', 'itco']);
    expect(watchdogModels('pc-i440fx-7.2').map((m) => m.value)).toEqual(['i6300esb']);
  });
});

describe('Shut down and apply', () => {
  const running = { state: 'running' as const };
  it('waits while the guest shuts down, starts it once it is off', () => {
    expect(applyStep('idle', { state: 'shutoff' })).toBe('nothing');
    expect(applyStep('shuttingDown', running)).toBe('wait');
    expect(applyStep('shuttingDown', { state: 'shutoff' })).toBe('start');
  });
  it('says when the request is overdue, and never starts a guest that was saved instead', () => {
    expect(
      applyStep('shuttingDown', {
        ...running,
        pendingRequest: { action: 'shutdown', since: 0, overdue: true },
      }),
    ).toBe('overdue');
    expect(applyStep('shuttingDown', { state: 'shutoff', savedState: true })).toBe('savedInstead');
  });
});
