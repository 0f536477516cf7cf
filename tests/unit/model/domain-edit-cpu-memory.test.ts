import { describe, expect, it } from 'vitest';
import {
  cpuModeChangeDrops,
  setCpuMode,
  setMemory,
  setTopology,
  setVcpus,
} from '../../../main/model/domain-edit';
import { attr, child, children, find, text, type XmlElement } from '../../../main/model/xml';
import { expectOnlyChanged, rootOf } from '../../support/domain-xml-diff';
import { expectValidDomain } from '../../support/virt-xml-validate';
import { FIXTURES, fixture } from './domain-edit-fixtures';

const vcpuOf = (r: XmlElement) => children(r, 'vcpu');
const cpuOf = (r: XmlElement) => children(r, 'cpu');
const withoutNuma = FIXTURES.filter((f) => !f.xml.includes('<numa>'));

describe.each(withoutNuma)('processors of $name', ({ xml }) => {
  it('sets 2 of 4 processors in use, keeping <vcpu>’s other attributes', () => {
    const after = setVcpus(xml, 2, 4);
    expectOnlyChanged(xml, after, vcpuOf);
    const vcpu = child(rootOf(after), 'vcpu')!;
    expect(text(vcpu)).toBe('4');
    expect(attr(vcpu, 'current')).toBe('2');
    expect(attr(vcpu, 'placement')).toBe(attr(child(rootOf(xml), 'vcpu'), 'placement'));
    expectValidDomain(after);
  });

  it('drops current= when every processor is in use', () => {
    const after = setVcpus(setVcpus(xml, 1, 4), 3, 3);
    expect(attr(child(rootOf(after), 'vcpu'), 'current')).toBeUndefined();
    expect(text(child(rootOf(after), 'vcpu'))).toBe('3');
  });

  it('sets a topology that makes the maximum, and refuses one that does not, in the user’s words', () => {
    const four = setVcpus(xml, 4, 4);
    const after = setTopology(four, 1, 2, 2);
    expectOnlyChanged(four, after, cpuOf);
    expect(attr(find(rootOf(after), 'cpu/topology'), 'cores')).toBe('2');
    expectValidDomain(after);
    expect(() => setTopology(four, 2, 2, 2)).toThrow(
      '2 sockets × 2 cores × 2 threads make 8 processors, but this guest has a maximum of 4. Choose numbers that multiply to 4.',
    );
    expect(() => setTopology(four, 0, 2, 2)).toThrow(/Sockets must be a whole number/);
  });

  it('switches the CPU mode and back, keeping its features, and says what it drops', () => {
    for (const mode of ['host-passthrough', 'host-model', 'maximum', { custom: 'Skylake-Client' }] as const) {
      const after = setCpuMode(xml, mode);
      expectOnlyChanged(xml, after, cpuOf);
      const cpu = child(rootOf(after), 'cpu')!;
      expect(attr(cpu, 'mode')).toBe(typeof mode === 'string' ? mode : 'custom');
      const features = (r: XmlElement) => children(child(r, 'cpu'), 'feature').map((f) => attr(f, 'name'));
      expect(features(rootOf(after))).toEqual(features(rootOf(xml)));
      expectValidDomain(after);
    }
  });

  it('refuses bad input in the user’s words', () => {
    expect(() => setVcpus(xml, 5, 4)).toThrow(
      'The processors in use (5) cannot be more than the maximum (4).',
    );
    expect(() => setVcpus(xml, 0, 4)).toThrow(/at least|from 1/);
    expect(() => setCpuMode(xml, { custom: 'not a model' })).toThrow(/not a CPU model name/);
  });
});

describe('a CPU with NUMA cells, cache passthrough and a topology (virt-install fx1)', () => {
  for (const name of ['fx1.print', 'fx1.dumpxml']) {
    const xml = fixture(name);

    it(`${name}: changes the processors in use, not the maximum its NUMA cells lay out`, () => {
      const after = setVcpus(xml, 6, 8);
      expectOnlyChanged(xml, after, vcpuOf);
      expectValidDomain(after);
      expect(() => setVcpus(xml, 4, 4)).toThrow(/NUMA cells \(0-3, 4-7\)/);
    });

    it(`${name}: host-model keeps topology and NUMA, drops the cache passthrough and says so`, () => {
      expect(cpuModeChangeDrops(xml, 'host-model')).toEqual(["the host's CPU cache passed through"]);
      expect(cpuModeChangeDrops(xml, 'maximum')).toEqual([]);
      const after = setCpuMode(xml, 'host-model');
      expectOnlyChanged(xml, after, cpuOf);
      const cpu = child(rootOf(after), 'cpu')!;
      expect(children(cpu).map((e) => e.tagName)).toEqual(['topology', 'numa']);
      expect(attr(cpu, 'migratable')).toBeUndefined();
      expectValidDomain(after);
    });

    it(`${name}: memory follows the NUMA cells`, () => {
      expect(() => setMemory(xml, 2097152, 8388608)).toThrow(
        "This guest's memory is split across 2 NUMA cells (4 GiB in all); its maximum follows those cells.",
      );
      const after = setMemory(xml, 2097152, 4194304);
      expectOnlyChanged(xml, after, (r) => [...children(r, 'memory'), ...children(r, 'currentMemory')]);
      expectValidDomain(after);
    });
  }
});

describe('a custom CPU model (virt-install fx2: Skylake-Client with features)', () => {
  const xml = fixture('fx2.dumpxml');

  it('says it drops the model for host-passthrough, and keeps the features', () => {
    expect(cpuModeChangeDrops(xml, 'host-passthrough')).toEqual(['the CPU model Skylake-Client']);
    const after = setCpuMode(xml, 'host-passthrough');
    const cpu = child(rootOf(after), 'cpu')!;
    expect(children(cpu, 'model')).toEqual([]);
    expect(attr(cpu, 'match')).toBeUndefined();
    expect(children(cpu, 'feature').map((f) => attr(f, 'name'))).toEqual(['x2apic', 'hle', 'vmx']);
    expectValidDomain(after);
  });

  it('changes the model of a custom CPU', () => {
    const after = setCpuMode(xml, { custom: 'EPYC-Rome' });
    expect(text(find(rootOf(after), 'cpu/model'))).toBe('EPYC-Rome');
    expect(attr(child(rootOf(after), 'cpu'), 'match')).toBe('exact');
    expectValidDomain(after);
  });

  it('reshapes a topology that no longer makes the maximum, keeping cores and threads', () => {
    const shaped = setTopology(setVcpus(xml, 4, 4), 2, 1, 2);
    const after = setVcpus(shaped, 6, 6);
    const t = find(rootOf(after), 'cpu/topology');
    expect([attr(t, 'sockets'), attr(t, 'cores'), attr(t, 'threads')]).toEqual(['3', '1', '2']);
    const odd = setVcpus(shaped, 5, 5);
    const t5 = find(rootOf(odd), 'cpu/topology');
    expect([attr(t5, 'sockets'), attr(t5, 'cores'), attr(t5, 'threads')]).toEqual(['5', '1', '1']);
    expectValidDomain(odd);
  });
});

describe.each(withoutNuma)('memory of $name', ({ xml }) => {
  const memories = (r: XmlElement) => [...children(r, 'memory'), ...children(r, 'currentMemory')];

  it('sets 3 GiB in use of 6 GiB, both in KiB whatever unit was there', () => {
    const after = setMemory(xml, 3 * 1024 * 1024, 6 * 1024 * 1024);
    expectOnlyChanged(xml, after, memories);
    const r = rootOf(after);
    expect([text(child(r, 'memory')), attr(child(r, 'memory'), 'unit')]).toEqual(['6291456', 'KiB']);
    expect([text(child(r, 'currentMemory')), attr(child(r, 'currentMemory'), 'unit')]).toEqual([
      '3145728',
      'KiB',
    ]);
    expectValidDomain(after);
  });

  it('refuses more in use than the maximum, in the user’s words', () => {
    expect(() => setMemory(xml, 4 * 1024 * 1024, 2 * 1024 * 1024)).toThrow(
      'The memory in use (4 GiB) cannot be more than the maximum (2 GiB).',
    );
    expect(() => setMemory(xml, 1.5, 2048)).toThrow(/whole number/);
  });
});

describe('memory with a hotplug limit', () => {
  it('refuses a maximum above <maxMemory>', () => {
    const xml = fixture('fx2.print').replace(
      '<memory>',
      '<maxMemory slots="4" unit="KiB">4194304</maxMemory><memory>',
    );
    expect(() => setMemory(xml, 2097152, 8388608)).toThrow(
      /above this guest's memory hotplug limit \(4 GiB\)/,
    );
  });
});
