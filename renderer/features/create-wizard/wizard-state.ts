// The wizard's state as plain data and pure functions: what the steps edit, how defaults fill it without
// overwriting what the user typed, and the CreateVmSpec it becomes. No React, no I/O: unit tested directly.
import type {
  ConnectionId,
  CreateDefaults,
  CreateVmSpec,
  FieldProblem,
  Firmware,
  InstallSource,
  IsoDetection,
} from '../../../preload/contract';

export type SourceKind = 'iso' | 'import' | 'pxe';
export type NetworkChoice = CreateVmSpec['network'];

/** Fields the user can set by hand; once set, defaults no longer replace them. */
export type EditableField = 'name' | 'memoryMiB' | 'vcpus' | 'diskGiB' | 'firmware' | 'tpm' | 'network';

export interface WizardState {
  sourceKind: SourceKind;
  /** the ISO (kind iso) or the disk image (kind import) */
  path: string;
  detection?: IsoDetection;
  /** the OS chosen: detected from the media or picked from the list; undefined = unknown / generic */
  osId?: string;
  /** '' while the user has emptied the field (a controlled number input must be able to be empty) */
  memoryMiB: number | '';
  vcpus: number | '';
  diskGiB: number | '';
  name: string;
  firmware: Firmware;
  tpm: boolean;
  network: NetworkChoice;
  virtioWinIso: string;
  pool: string;
  /** start the chosen NAT network as the job's first step when it is not running */
  startNetwork: boolean;
  /** define the guest without starting it, then open its details so the user can change hardware */
  customise: boolean;
  edited: EditableField[];
  /** fields the user has left (blur) or set by a choice: their errors are shown */
  touched: ProblemField[];
  /** steps the user tried to leave with Next (or Create): all their errors are shown */
  attempted: StepId[];
}

export type ProblemField = FieldProblem['field'];

export function initialWizardState(): WizardState {
  return {
    sourceKind: 'iso',
    path: '',
    memoryMiB: 2048,
    vcpus: 2,
    diskGiB: 25,
    name: '',
    firmware: 'bios',
    tpm: false,
    network: { kind: 'nat', name: 'default' },
    virtioWinIso: '',
    pool: '',
    startNetwork: true,
    customise: false,
    edited: [],
    touched: [],
    attempted: [],
  };
}

/** A user's edit of one field: remembered so later defaults leave it alone. */
export function editField<K extends EditableField>(
  state: WizardState,
  field: K,
  value: WizardState[K],
): WizardState {
  const edited = state.edited.includes(field) ? state.edited : [...state.edited, field];
  return { ...state, [field]: value, edited };
}

/** Fills in what create.defaults suggests, except the fields the user already changed. */
export function applyDefaults(state: WizardState, d: CreateDefaults): WizardState {
  const keep = (f: EditableField) => state.edited.includes(f);
  return {
    ...state,
    name: keep('name') ? state.name : d.name,
    memoryMiB: keep('memoryMiB') ? state.memoryMiB : d.resources.memoryMiB,
    vcpus: keep('vcpus') ? state.vcpus : d.resources.vcpus,
    diskGiB: keep('diskGiB') ? state.diskGiB : d.resources.diskGiB,
    firmware: keep('firmware') ? state.firmware : d.firmware,
    tpm: keep('tpm') ? state.tpm : d.tpm,
  };
}

/** Choosing another source drops what belonged to the old one (detection, OS guessed from it). */
export function chooseSource(state: WizardState, kind: SourceKind): WizardState {
  if (kind === state.sourceKind) return state;
  return { ...state, sourceKind: kind, path: '', detection: undefined, osId: undefined };
}

/**
 * Another host was chosen: what belonged to the old one goes (its file, the detection and the OS guessed
 * from it, its pool, its driver ISO, its network); the kind of source, the OS the user picked and the
 * sizes they typed stay.
 */
export function forAnotherHost(state: WizardState): WizardState {
  const fresh = initialWizardState();
  const osFromDetection = state.detection?.os?.id === state.osId;
  return {
    ...state,
    path: '',
    detection: undefined,
    osId: osFromDetection ? undefined : state.osId,
    pool: fresh.pool,
    virtioWinIso: fresh.virtioWinIso,
    network: fresh.network,
    startNetwork: fresh.startNetwork,
    edited: state.edited.filter((f) => f !== 'network'),
    touched: state.touched.filter((f) => f !== 'source.path' && f !== 'pool' && f !== 'virtioWinIso'),
  };
}

export function setPath(state: WizardState, path: string): WizardState {
  if (path === state.path) return state;
  // a new file means the old detection (and the OS it implied) no longer holds
  const osFromDetection = state.detection?.os?.id === state.osId;
  return {
    ...state,
    path,
    detection: undefined,
    osId: osFromDetection ? undefined : state.osId,
  };
}

/** A detection result for the current path: its OS becomes the choice unless the user picked one. */
export function applyDetection(
  state: WizardState,
  detection: IsoDetection,
  userPickedOs: boolean,
): WizardState {
  if (detection.path !== state.path) return state; // an answer for a path the user has since changed
  return { ...state, detection, osId: userPickedOs ? state.osId : detection.os?.id };
}

export function installSource(state: WizardState): InstallSource {
  switch (state.sourceKind) {
    case 'iso':
      return { kind: 'iso', path: state.path.trim() };
    case 'import':
      return { kind: 'import', path: state.path.trim() };
    case 'pxe':
      return { kind: 'pxe' };
  }
}

/** osFamily: the chosen OS's family; the driver ISO only goes with Windows (its field is hidden otherwise) */
export function buildSpec(state: WizardState, connection: ConnectionId, osFamily?: string): CreateVmSpec {
  const spec: CreateVmSpec = {
    connection,
    name: state.name.trim(),
    osId: state.osId,
    source: installSource(state),
    // an emptied field is 0 to the api, which says what is missing
    memoryMiB: Number(state.memoryMiB) || 0,
    vcpus: Number(state.vcpus) || 0,
    diskGiB: Number(state.diskGiB) || 0,
    firmware: state.firmware,
    tpm: state.tpm,
    network: state.network,
    startAfterCreate: !state.customise,
  };
  if (osFamily === 'windows' && state.virtioWinIso.trim()) spec.virtioWinIso = state.virtioWinIso.trim();
  if (state.pool.trim()) spec.pool = state.pool.trim();
  if (state.network.kind === 'nat') spec.startNetwork = state.startNetwork;
  return spec;
}

// ---- steps and the problems that belong to them ----

export const STEPS = ['source', 'os', 'resources', 'summary'] as const;
export type StepId = (typeof STEPS)[number];

const STEP_FIELDS: Record<StepId, readonly string[]> = {
  source: ['source', 'source.path'],
  os: ['osId'],
  resources: ['memoryMiB', 'vcpus', 'diskGiB', 'pool'],
  summary: [
    'name',
    'firmware',
    'tpm',
    'network',
    'startNetwork',
    'virtioWinIso',
    'startAfterCreate',
    'connection',
  ],
};

// ---- when a problem is shown ----
// An error is shown once the user is done with its field (left it, or chose a value), or tried to leave
// its step: never for a field they have not reached yet (an empty ISO path is not an error on opening).
// Warnings (below an OS minimum) are information about the values shown, so they always show.

/** the user left the field, or made a choice in it: its errors may show from now on */
export function touch(state: WizardState, ...fields: ProblemField[]): WizardState {
  const add = fields.filter((f) => !state.touched.includes(f));
  return add.length ? { ...state, touched: [...state.touched, ...add] } : state;
}

/** Next or Create was pressed on this step: every error of the step shows */
export function attempt(state: WizardState, step: StepId): WizardState {
  return state.attempted.includes(step) ? state : { ...state, attempted: [...state.attempted, step] };
}

/** the step a field is on; undefined for problems that belong to no step (shown on the summary) */
export function stepOfField(field: string): StepId | undefined {
  return STEPS.find((s) => STEP_FIELDS[s].includes(field));
}

/** The problems to show now, given what the user touched and which steps they tried to leave. */
export function visibleProblems(problems: FieldProblem[], state: WizardState): FieldProblem[] {
  return problems.filter((p) => {
    // warnings, and what the host said of the whole spec (the api refused it), always show
    if (p.severity === 'warning' || p.field === 'connection') return true;
    // 'source' and 'source.path' are one field to the user
    const field = p.field === 'source' ? 'source.path' : p.field;
    if (state.touched.includes(field)) return true;
    const step = stepOfField(p.field);
    return step === undefined || state.attempted.includes(step);
  });
}

export function problemsOfStep(problems: FieldProblem[], step: StepId): FieldProblem[] {
  return problems.filter((p) => STEP_FIELDS[step].includes(p.field));
}

export function problemsOf(problems: FieldProblem[], ...fields: string[]): FieldProblem[] {
  return problems.filter((p) => fields.includes(p.field));
}

export function hasError(problems: FieldProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** The first step whose fields carry an error: where "Create" sends the user to fix things. */
export function firstStepWithError(problems: FieldProblem[]): StepId | undefined {
  return STEPS.find((s) => hasError(problemsOfStep(problems, s)));
}

/** The step's own precondition, before the server has said anything: a source needs a path. */
export function stepReady(state: WizardState, step: StepId): boolean {
  if (step === 'source') return state.sourceKind === 'pxe' || state.path.trim() !== '';
  return true;
}

/** Whether two specs agree on everything the step edits (so the problems of one hold for the other). */
export function sameForStep(a: CreateVmSpec, b: CreateVmSpec, step: StepId): boolean {
  const pick = (s: CreateVmSpec): unknown => {
    switch (step) {
      case 'source':
        return [s.connection, s.source];
      case 'os':
        return [s.osId];
      case 'resources':
        return [s.connection, s.memoryMiB, s.vcpus, s.diskGiB, s.pool, s.osId];
      case 'summary':
        return s;
    }
  };
  return JSON.stringify(pick(a)) === JSON.stringify(pick(b));
}
