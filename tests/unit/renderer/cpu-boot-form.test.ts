// The CPU and Boot cards' rules, as a user meets them: what a TCG guest cannot have and why, the
// topology's message as typed, the edits a draft makes; the boot order moved and switched; firmware.
import { describe, expect, it } from 'vitest';
import type { GuestCpu } from '../../../preload/contract';
import {
  bootOrderEdit,
  bootProblem,
  bootRowsOf,
  firmwareLocked,
  firmwareUnavailable,
  firmwareWarning,
  missingDevice,
  moveRow,
  toggleRow,
} from '../../../renderer/features/vm-details/hardware/boot-form';
import {
  cpuDraftOf,
  cpuEdits,
  cpuModelOptions,
  cpuModeOptions,
  cpuProblems,
  cpuWords,
  topologySays,
} from '../../../renderer/features/vm-details/hardware/cpu-form';

const offered = { hostPassthrough: false, hostModel: true, maximum: true, models: ['Nehalem', 'qemu64'] };
const cpu: GuestCpu = { mode: 'maximum', offered };

describe('the processor editor', () => {
  it('under TCG: host passthrough and host model are unavailable, and it says why', () => {
    const options = cpuModeOptions(cpu, 'qemu');
    const unavailable = options.filter((o) => o.unavailable).map((o) => o.value);
    expect(unavailable).toEqual(['host-passthrough', 'host-model']);
    expect(options[0]!.unavailable).toMatch(
      /^Not with software emulation \(TCG\).*Choose Maximum or a named model\.$/,
    );
  });

  it('under KVM: what libvirt does not offer is unavailable', () => {
    const options = cpuModeOptions(cpu, 'kvm');
    expect(options.filter((o) => o.unavailable).map((o) => o.value)).toEqual(['host-passthrough']);
    expect(cpuModeOptions({ mode: 'maximum' }, 'kvm').every((o) => !o.unavailable)).toBe(true);
  });

  it('offers the usable models, and the saved one even when this host cannot run it', () => {
    expect(cpuModelOptions({ ...cpu, mode: 'custom', model: 'Skylake-Client' })).toEqual([
      { value: 'Skylake-Client', label: 'Skylake-Client (this host cannot run it)' },
      { value: 'Nehalem', label: 'Nehalem' },
      { value: 'qemu64', label: 'qemu64' },
    ]);
  });

  it('starts from the saved CPU; no topology saved reads as a socket per processor', () => {
    const d = cpuDraftOf(cpu, 2);
    expect(d).toEqual({ mode: 'maximum', model: null, sockets: 2, cores: 1, threads: 1 });
    expect(cpuProblems(cpu, 'qemu', 2, d)).toEqual({});
    expect(cpuEdits(cpu, 2, d)).toEqual([]);
    expect(cpuWords(cpu)).toEqual({
      mode: 'Maximum (everything the hypervisor can give)',
      topology: 'Not set: one socket per processor',
    });
  });

  it('a topology that does not make the maximum says so, as typed', () => {
    const d = { ...cpuDraftOf(cpu, 4), sockets: 1, cores: 2, threads: 1 };
    expect(cpuProblems(cpu, 'qemu', 4, d)).toEqual({
      topology:
        '1 socket × 2 cores × 1 thread make 2 processors, but this guest has a maximum of 4. Choose numbers that multiply to 4, or change the maximum under Processors and memory.',
    });
    expect(topologySays(d, 4)).toBeUndefined();
    expect(cpuProblems(cpu, 'qemu', 4, { ...d, cores: '' })).toEqual({
      cores: 'A whole number, at least 1.',
    });
    const right = { ...d, cores: 2, threads: 2 };
    expect(topologySays(right, 4)).toBe(
      '1 socket × 2 cores × 2 threads = 4 processors, the guest’s maximum.',
    );
    expect(cpuEdits(cpu, 4, right)).toEqual([{ kind: 'topology', sockets: 1, cores: 2, threads: 2 }]);
  });

  it('a named model needs a name; choosing one is a cpuMode edit', () => {
    const d = { ...cpuDraftOf(cpu, 1), mode: 'custom' as const };
    expect(cpuProblems(cpu, 'qemu', 1, d)).toEqual({ model: 'Choose a model.' });
    expect(cpuEdits(cpu, 1, { ...d, model: 'Nehalem' })).toEqual([
      { kind: 'cpuMode', mode: { custom: 'Nehalem' } },
    ]);
  });

  it('a saved mode that TCG cannot run is shown without a problem, but cannot be chosen anew', () => {
    const passthrough: GuestCpu = { mode: 'host-passthrough', offered };
    expect(cpuProblems(passthrough, 'qemu', 1, cpuDraftOf(passthrough, 1))).toEqual({});
    expect(cpuProblems(cpu, 'qemu', 1, { ...cpuDraftOf(cpu, 1), mode: 'host-model' }).mode).toMatch(/TCG/);
  });
});

describe('the boot order', () => {
  const boot = { order: ['cdrom', 'hd'] as ('hd' | 'cdrom')[], perDevice: false, menu: false };

  it('the saved devices first, then the others off', () => {
    expect(bootRowsOf(boot)).toEqual([
      { dev: 'cdrom', on: true },
      { dev: 'hd', on: true },
      { dev: 'network', on: false },
    ]);
    expect(bootOrderEdit(boot, bootRowsOf(boot))).toBeUndefined();
  });

  it('moved up and switched on: one bootOrder edit; the ends do not move further', () => {
    let rows = moveRow(bootRowsOf(boot), 1, -1);
    rows = toggleRow(rows, 2, true);
    expect(bootOrderEdit(boot, rows)).toEqual({ kind: 'bootOrder', order: ['hd', 'cdrom', 'network'] });
    expect(moveRow(rows, 0, -1)).toBe(rows);
    expect(moveRow(rows, 2, 1)).toBe(rows);
  });

  it('at least one device; a per-device order is saved even when the kinds read the same', () => {
    const none = bootRowsOf(boot).map((r) => ({ ...r, on: false }));
    expect(bootProblem(none)).toBe('Choose at least one device to start from.');
    expect(bootOrderEdit(boot, none)).toBeUndefined();
    const perDevice = { ...boot, perDevice: true };
    expect(bootOrderEdit(perDevice, bootRowsOf(perDevice))).toEqual({
      kind: 'bootOrder',
      order: ['cdrom', 'hd'],
    });
  });

  it('says which devices the guest does not have', () => {
    const d = { disks: [{ device: 'cdrom' as const }], nics: [] } as never;
    expect(missingDevice(d, 'hd')).toBe('this guest has no hard disk');
    expect(missingDevice(d, 'cdrom')).toBeUndefined();
    expect(missingDevice(d, 'network')).toBe('this guest has no network adapter');
  });
});

describe('the firmware', () => {
  it('only while shut off', () => {
    expect(firmwareLocked({ state: 'shutoff' })).toBeUndefined();
    expect(firmwareLocked({ state: 'running' })).toBe(
      'The firmware can be changed only while the guest is shut off: shut it down first.',
    );
  });

  it('Secure Boot needs Q35; BIOS only on x86', () => {
    expect(firmwareUnavailable({ arch: 'x86_64', machine: 'pc-i440fx-7.2' }, 'efi-secure')).toBe(
      'Secure Boot needs the Q35 chipset; this guest uses pc-i440fx-7.2 (i440FX).',
    );
    expect(firmwareUnavailable({ arch: 'x86_64', machine: 'pc-q35-7.2' }, 'efi-secure')).toBeUndefined();
    expect(firmwareUnavailable({ arch: 'aarch64', machine: 'virt' }, 'bios')).toMatch(/Only x86 guests/);
  });

  it('warns that an installed OS may not start with other firmware', () => {
    expect(firmwareWarning('bios', 'efi')).toMatch(
      /^An operating system installed for BIOS may not start with UEFI/,
    );
    expect(firmwareWarning('efi', 'efi-secure')).toMatch(/only signed boot loaders start/);
  });
});
