import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyHardwareEdit } from '../../../main/model/hardware-edit';
import { pendingChanges } from '../../../main/model/pending-changes';

const FX = join(import.meta.dirname, 'fixtures/domain-edit');
const fx = (name: string) => readFileSync(join(FX, name), 'utf8');

describe('pending changes: the saved definition against the running guest', () => {
  it.each(['fx1.dumpxml.xml', 'fx2.dumpxml.xml', 'fx3.dumpxml.xml'])(
    '%s: none when both are the same',
    (f) => {
      expect(pendingChanges(fx(f), fx(f))).toEqual([]);
    },
  );

  it('says what changes at next start, in words', () => {
    const live = fx('fx2.dumpxml.xml');
    let saved = applyHardwareEdit(live, {
      kind: 'memory',
      currentKiB: 2 * 1024 * 1024,
      maximumKiB: 4 * 1024 * 1024,
    });
    saved = applyHardwareEdit(saved, { kind: 'video', model: 'virtio' });
    saved = applyHardwareEdit(saved, { kind: 'tablet', enabled: false });
    const pending = pendingChanges(live, saved);
    expect(pending).toContain('Memory: 2 GiB now, 4 GiB at next start');
    expect(pending).toContain('Video: vga now, virtio at next start');
    expect(pending).toContain('USB tablet: yes now, no at next start');
    expect(pending).toHaveLength(3);
  });

  it('a card added or removed for the next start', () => {
    const live = fx('fx1.dumpxml.xml');
    const saved = applyHardwareEdit(live, {
      kind: 'addNic',
      source: { network: 'default' },
      model: 'e1000e',
      mac: '52:54:00:aa:bb:cc',
    });
    expect(pendingChanges(live, saved)).toEqual([
      'Network card 52:54:00:aa:bb:cc: added at next start (e1000e on default)',
    ]);
    expect(pendingChanges(saved, live)).toEqual(['Network card 52:54:00:aa:bb:cc: removed at next start']);
  });

  describe('the CPU', () => {
    // fx2 runs a custom Skylake-Client; libvirt writes a running host-model CPU the same way (custom, match)
    const live = fx('fx2.dumpxml.xml');

    it('another named model for the next start is pending', () => {
      const saved = applyHardwareEdit(live, { kind: 'cpuMode', mode: { custom: 'EPYC-Rome' } });
      expect(pendingChanges(live, saved)).toEqual(['CPU: Skylake-Client now, EPYC-Rome at next start']);
    });

    it('the same named model is not', () => {
      const saved = applyHardwareEdit(live, { kind: 'cpuMode', mode: { custom: 'Skylake-Client' } });
      expect(pendingChanges(live, saved)).toEqual([]);
    });

    it('host-model saved, its expanded model running: no change; maximum saved: a change', () => {
      expect(pendingChanges(live, applyHardwareEdit(live, { kind: 'cpuMode', mode: 'host-model' }))).toEqual(
        [],
      );
      expect(pendingChanges(live, applyHardwareEdit(live, { kind: 'cpuMode', mode: 'maximum' }))).toEqual([
        'CPU: Skylake-Client now, maximum at next start',
      ]);
    });

    it('a passthrough CPU running and a named model saved', () => {
      const running = fx('fx1.dumpxml.xml');
      const saved = applyHardwareEdit(running, { kind: 'cpuMode', mode: { custom: 'qemu64' } });
      expect(pendingChanges(running, saved)).toContain('CPU: host-passthrough now, qemu64 at next start');
    });
  });
});
