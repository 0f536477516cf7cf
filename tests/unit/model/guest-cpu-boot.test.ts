// What the CPU and Boot cards read from a saved definition, and the CPU models a host offers: on the
// virt-install guests re-read by libvirt (fixtures/domain-edit) and libvirt 9.0's own domain capabilities
// for a TCG guest on this machine (fixtures/domcaps).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpuChoicesFromDomainCaps } from '../../../main/model/domain-caps';
import { bootOf, cpuOf } from '../../../main/model/guest-cpu-boot';
import { applyHardwareEdit } from '../../../main/model/hardware-edit';

const fx = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('the saved CPU', () => {
  it('host-passthrough with its topology (dies count in with the sockets)', () => {
    expect(cpuOf(fx('domain-edit/fx1.dumpxml.xml'))).toEqual({
      mode: 'host-passthrough',
      topology: { sockets: 2, cores: 2, threads: 2 },
    });
  });

  it('a named model; none at all is the hypervisor’s default', () => {
    expect(cpuOf(fx('domain-edit/fx2.dumpxml.xml'))).toMatchObject({
      mode: 'custom',
      model: 'Skylake-Client',
    });
    expect(cpuOf('<domain><vcpu>2</vcpu></domain>')).toEqual({ mode: 'custom' });
  });

  it('follows the edits: maximum, then a topology', () => {
    let xml = applyHardwareEdit(fx('domain-edit/fx3.dumpxml.xml'), { kind: 'cpuMode', mode: 'maximum' });
    xml = applyHardwareEdit(xml, { kind: 'vcpus', current: 4, maximum: 4 });
    xml = applyHardwareEdit(xml, { kind: 'topology', sockets: 1, cores: 2, threads: 2 });
    expect(cpuOf(xml)).toEqual({ mode: 'maximum', topology: { sockets: 1, cores: 2, threads: 2 } });
  });
});

describe('the saved boot settings', () => {
  it('<os><boot dev> in order, and the menu', () => {
    expect(bootOf(fx('domain-edit/fx2.dumpxml.xml'))).toEqual({
      order: ['hd', 'cdrom'],
      perDevice: false,
      menu: false,
    });
    expect(bootOf(fx('domain-edit/fx1.dumpxml.xml'))).toEqual({
      order: ['hd'],
      perDevice: false,
      menu: true,
    });
  });

  it('the devices’ own <boot order>, by kind', () => {
    const xml = `<domain><os><type>hvm</type></os><devices>
      <disk device='disk'><boot order='2'/></disk>
      <disk device='cdrom'><boot order='1'/></disk>
      <interface type='network'><boot order='3'/></interface>
      <disk device='disk'><boot order='4'/></disk>
    </devices></domain>`;
    expect(bootOf(xml)).toEqual({ order: ['cdrom', 'hd', 'network'], perDevice: true, menu: false });
  });

  it('nothing said: the first disk, as libvirt does', () => {
    expect(bootOf('<domain><os><type>hvm</type></os></domain>').order).toEqual(['hd']);
  });

  it('follows the boot order edit', () => {
    const xml = applyHardwareEdit(fx('domain-edit/fx2.dumpxml.xml'), {
      kind: 'bootOrder',
      order: ['network', 'cdrom', 'hd'],
    });
    expect(bootOf(xml).order).toEqual(['network', 'cdrom', 'hd']);
  });
});

describe('the CPUs a host offers (domain capabilities)', () => {
  it('under TCG: no passthrough, maximum, and only the models QEMU can emulate here', () => {
    const c = cpuChoicesFromDomainCaps(fx('domcaps/qemu-x86_64-pc.xml'));
    expect(c.hostPassthrough).toBe(false);
    expect(c.maximum).toBe(true);
    expect(c.models).toContain('qemu64');
    expect(c.models).toContain('Nehalem');
    // unusable='no' models (the host CPU lacks their features under TCG) are left out
    expect(c.models).not.toContain('Skylake-Client');
    expect([...c.models].sort((a, b) => a.localeCompare(b))).toEqual(c.models);
  });
});
