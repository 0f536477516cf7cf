import { describe, expect, it } from 'vitest';
import type { CreateDefaults, FieldProblem } from '../../../preload/contract';
import {
  applyDefaults,
  applyDetection,
  attempt,
  buildSpec,
  chooseSource,
  editField,
  firstStepWithError,
  forAnotherHost,
  initialWizardState,
  problemsOfStep,
  sameForStep,
  setPath,
  stepOfField,
  stepReady,
  touch,
  visibleProblems,
} from '../../../renderer/features/create-wizard/wizard-state';

const winDefaults: CreateDefaults = {
  name: 'win11-2026-11-27',
  resources: { memoryMiB: 4096, vcpus: 2, diskGiB: 64, source: 'recommended' },
  firmware: 'uefi-secure',
  tpm: true,
  reasons: [],
  accelerator: 'kvm',
};

describe('wizard state', () => {
  it('fills the defaults for the chosen OS into an untouched wizard', () => {
    const s = applyDefaults(initialWizardState(), winDefaults);
    expect(s).toMatchObject({
      name: 'win11-2026-11-27',
      memoryMiB: 4096,
      diskGiB: 64,
      firmware: 'uefi-secure',
      tpm: true,
    });
  });

  it('keeps what the user typed when the defaults change afterwards', () => {
    let s = editField(initialWizardState(), 'memoryMiB', 3000);
    s = editField(s, 'name', 'my-guest');
    s = applyDefaults(s, winDefaults);
    expect(s.memoryMiB).toBe(3000);
    expect(s.name).toBe('my-guest');
    expect(s.diskGiB).toBe(64); // not edited: follows the OS
  });

  it('takes the detected OS unless the user picked one, and ignores answers for an old path', () => {
    let s = setPath(initialWizardState(), '/isos/debian.iso');
    const det = {
      path: '/isos/debian.iso',
      volumeId: 'Debian',
      systemId: '',
      publisher: '',
      applicationId: '',
    };
    const os = { id: 'debian12', name: 'Debian 12', family: 'linux' as const, eol: false };
    expect(applyDetection(s, { ...det, os }, false).osId).toBe('debian12');
    expect(applyDetection({ ...s, osId: 'win11' }, { ...det, os }, true).osId).toBe('win11');
    expect(applyDetection(s, { ...det, path: '/isos/other.iso', os }, false).osId).toBeUndefined();
    s = applyDetection(s, { ...det, os }, false);
    // a new file drops the OS that came from the old file's detection
    expect(setPath(s, '/isos/grub.iso').osId).toBeUndefined();
  });

  it('forgets the path and detection when the source kind changes', () => {
    const s = chooseSource({ ...setPath(initialWizardState(), '/a.iso'), osId: 'debian12' }, 'pxe');
    expect(s).toMatchObject({ sourceKind: 'pxe', path: '', osId: undefined });
    expect(stepReady(s, 'source')).toBe(true);
    expect(stepReady(chooseSource(s, 'import'), 'source')).toBe(false);
  });

  it("forgets what belonged to the old host when another is chosen, keeping the user's own choices", () => {
    const det = { path: '/isos/d.iso', volumeId: 'D', systemId: '', publisher: '', applicationId: '' };
    const os = { id: 'debian12', name: 'Debian 12', family: 'linux' as const, eol: false };
    let s = applyDetection(setPath(initialWizardState(), '/isos/d.iso'), { ...det, os }, false);
    s = editField(editField(s, 'memoryMiB', 512), 'network', { kind: 'bridge', name: 'br0' });
    s = touch({ ...s, pool: 'fast', virtioWinIso: '/isos/virtio.iso' }, 'source.path', 'pool', 'name');
    const moved = forAnotherHost(s);
    expect(moved).toMatchObject({
      path: '',
      detection: undefined,
      osId: undefined,
      pool: '',
      virtioWinIso: '',
      network: { kind: 'nat', name: 'default' },
      memoryMiB: 512,
    });
    expect(moved.edited).toEqual(['memoryMiB']);
    expect(moved.touched).toEqual(['name']);
    // an OS the user picked from the list is theirs, not the old file's
    expect(forAnotherHost({ ...s, osId: 'win11' }).osId).toBe('win11');
  });

  it('builds the spec the api takes: customise means define without starting', () => {
    const s = {
      ...setPath(initialWizardState(), ' /isos/debian.iso '),
      name: ' deb ',
      pool: 'tiny',
      customise: true,
    };
    const spec = buildSpec(s, 'qemu:///system');
    expect(spec).toMatchObject({
      connection: 'qemu:///system',
      name: 'deb',
      source: { kind: 'iso', path: '/isos/debian.iso' },
      pool: 'tiny',
      startAfterCreate: false,
      network: { kind: 'nat', name: 'default' },
    });
    expect(spec).not.toHaveProperty('virtioWinIso');
    // a driver ISO typed for Windows stays behind when the user then picks another OS
    const drivers = { ...s, virtioWinIso: '/isos/virtio-win.iso' };
    expect(buildSpec(drivers, 'x', 'windows').virtioWinIso).toBe('/isos/virtio-win.iso');
    expect(buildSpec(drivers, 'x', 'linux')).not.toHaveProperty('virtioWinIso');
    expect(buildSpec({ ...s, pool: '' }, 'x').pool).toBeUndefined();
  });

  it('places each problem on its step and finds the first step to fix', () => {
    const problems: FieldProblem[] = [
      { field: 'name', severity: 'error', message: 'Enter a name for the guest.' },
      { field: 'memoryMiB', severity: 'warning', message: 'Below the minimum.' },
      { field: 'diskGiB', severity: 'error', message: 'Too big for the pool.' },
    ];
    expect(problemsOfStep(problems, 'resources').map((p) => p.field)).toEqual(['memoryMiB', 'diskGiB']);
    expect(problemsOfStep(problems, 'summary').map((p) => p.field)).toEqual(['name']);
    expect(firstStepWithError(problems)).toBe('resources');
    expect(firstStepWithError(problems.filter((p) => p.field !== 'diskGiB'))).toBe('summary');
    expect(firstStepWithError([problems[1]])).toBeUndefined();
  });

  it('knows when problems computed for one spec still hold for a step of another', () => {
    const a = buildSpec({ ...setPath(initialWizardState(), '/a.iso'), name: 'x' }, 'c');
    const detected = { ...a, osId: 'debian12' };
    expect(sameForStep(a, detected, 'source')).toBe(true); // the OS changed, not the source
    expect(sameForStep(a, detected, 'summary')).toBe(false);
    expect(sameForStep(a, { ...a, memoryMiB: 1 }, 'resources')).toBe(false);
    expect(sameForStep(a, { ...a, memoryMiB: 1 }, 'source')).toBe(true);
  });
});

describe('when problems are shown', () => {
  const problems: FieldProblem[] = [
    { field: 'source.path', severity: 'error', message: 'Choose an ISO image.' },
    { field: 'memoryMiB', severity: 'warning', message: 'Debian 12 needs at least 1 GiB of memory.' },
    { field: 'diskGiB', severity: 'error', message: 'Give the disk a size.' },
    { field: 'name', severity: 'error', message: 'Give the guest a name.' },
    { field: 'connection', severity: 'error', message: 'The host refused the spec.' },
  ];
  const shown = (s: ReturnType<typeof initialWizardState>) =>
    visibleProblems(problems, s).map((p) => p.field);

  it('on opening: no error, only warnings and what the host refused outright', () => {
    expect(shown(initialWizardState())).toEqual(['memoryMiB', 'connection']);
  });

  it("a field's errors once the user left it (or chose a value), not others'", () => {
    const s = touch(initialWizardState(), 'source.path');
    expect(shown(s)).toEqual(['source.path', 'memoryMiB', 'connection']);
    // 'source' and 'source.path' are one field to the user
    expect(
      visibleProblems([{ field: 'source', severity: 'error', message: 'x' }], s).map((p) => p.field),
    ).toEqual(['source']);
    expect(touch(s, 'source.path')).toBe(s);
  });

  it("every error of a step once Next was pressed on it, and only that step's", () => {
    const s = attempt(initialWizardState(), 'resources');
    expect(shown(s)).toEqual(['memoryMiB', 'diskGiB', 'connection']);
    expect(shown(attempt(s, 'summary'))).toEqual(['memoryMiB', 'diskGiB', 'name', 'connection']);
    expect(attempt(s, 'resources')).toBe(s);
  });

  it('knows the step of each field', () => {
    expect(stepOfField('source.path')).toBe('source');
    expect(stepOfField('pool')).toBe('resources');
    expect(stepOfField('startNetwork')).toBe('summary');
    expect(stepOfField('nonsense')).toBeUndefined();
  });

  it('asks to start a stopped NAT network only for a NAT choice', () => {
    const nat = buildSpec(initialWizardState(), 'qemu:///system');
    expect(nat.startNetwork).toBe(true);
    const none = buildSpec(
      { ...initialWizardState(), network: { kind: 'none' }, startNetwork: false },
      'qemu:///system',
    );
    expect(none.startNetwork).toBeUndefined();
  });
});
