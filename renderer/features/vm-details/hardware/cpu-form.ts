// The processor editor's rules (CPU mode and topology), in the user's words, and the edits a draft
// makes: pure, so CpuCard stays a view and the rules are tested alone.
import type { GuestCpu, HardwareEdit } from '../../../../preload/contract';

export type CpuModeChoice = GuestCpu['mode'];

export interface CpuDraft {
  mode: CpuModeChoice;
  /** a named model's name (mode 'custom') */
  model: string | null;
  sockets: number | string;
  cores: number | string;
  threads: number | string;
}

export interface CpuModeOption {
  value: CpuModeChoice;
  label: string;
  /** why this guest cannot have it; the option is disabled */
  unavailable?: string;
}

const LABELS: Record<CpuModeChoice, string> = {
  'host-passthrough': 'Host passthrough (this host’s own processor)',
  'host-model': 'Host model (the model nearest this host’s processor)',
  maximum: 'Maximum (everything the hypervisor can give)',
  custom: 'A named model',
};

const TCG =
  'Not with software emulation (TCG): QEMU cannot pass this host’s processor through or copy its model. Choose Maximum or a named model.';

export function cpuModeOptions(cpu: GuestCpu, domainType: string): CpuModeOption[] {
  const o = cpu.offered;
  const libvirtSaysNo = 'libvirt does not offer this for this guest’s machine.';
  const why = (mode: CpuModeChoice): string | undefined => {
    if (domainType === 'qemu' && (mode === 'host-passthrough' || mode === 'host-model')) return TCG;
    if (!o) return undefined;
    if (mode === 'host-passthrough' && !o.hostPassthrough) return libvirtSaysNo;
    if (mode === 'host-model' && !o.hostModel) return libvirtSaysNo;
    if (mode === 'maximum' && !o.maximum) return libvirtSaysNo;
    if (mode === 'custom' && o.models.length === 0 && !cpu.model)
      return 'libvirt lists no named models this host can run.';
    return undefined;
  };
  return (Object.keys(LABELS) as CpuModeChoice[]).map((value) => {
    const unavailable = why(value);
    return { value, label: LABELS[value], ...(unavailable ? { unavailable } : {}) };
  });
}

/** the named models to choose from: the usable ones, and the saved one even when it is not */
export function cpuModelOptions(cpu: GuestCpu): { value: string; label: string }[] {
  const models = cpu.offered?.models ?? [];
  const list = models.map((m) => ({ value: m, label: m }));
  if (cpu.model && !models.includes(cpu.model))
    list.unshift({
      value: cpu.model,
      label: cpu.offered ? `${cpu.model} (this host cannot run it)` : cpu.model,
    });
  return list;
}

/** the saved topology, or QEMU's own choice when none is saved: a socket for each processor */
function topologyOf(cpu: GuestCpu, maxVcpus: number) {
  return cpu.topology ?? { sockets: maxVcpus, cores: 1, threads: 1 };
}

export function cpuDraftOf(cpu: GuestCpu, maxVcpus: number): CpuDraft {
  return { mode: cpu.mode, model: cpu.model ?? null, ...topologyOf(cpu, maxVcpus) };
}

const whole = (v: number | string) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : undefined;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export type CpuField = 'mode' | 'model' | 'sockets' | 'cores' | 'threads' | 'topology';

export function cpuProblems(
  cpu: GuestCpu,
  domainType: string,
  maxVcpus: number,
  d: CpuDraft,
): Partial<Record<CpuField, string>> {
  const p: Partial<Record<CpuField, string>> = {};
  const option = cpuModeOptions(cpu, domainType).find((o) => o.value === d.mode);
  // a saved mode that no longer works (the guest moved to TCG, say) is shown, not refused: it is not a change
  if (option?.unavailable && d.mode !== cpu.mode) p.mode = option.unavailable;
  if (d.mode === 'custom' && !d.model) p.model = 'Choose a model.';
  const [s, c, t] = [whole(d.sockets), whole(d.cores), whole(d.threads)];
  for (const [field, v] of [
    ['sockets', s],
    ['cores', c],
    ['threads', t],
  ] as const)
    if (v === undefined) p[field] = 'A whole number, at least 1.';
  if (s && c && t && s * c * t !== maxVcpus)
    p.topology = `${plural(s, 'socket')} × ${plural(c, 'core')} × ${plural(t, 'thread')} make ${plural(s * c * t, 'processor')}, but this guest has a maximum of ${maxVcpus}. Choose numbers that multiply to ${maxVcpus}, or change the maximum under Processors and memory.`;
  return p;
}

/** the line under the topology fields while it is right */
export function topologySays(d: CpuDraft, maxVcpus: number): string | undefined {
  const [s, c, t] = [whole(d.sockets), whole(d.cores), whole(d.threads)];
  if (!s || !c || !t || s * c * t !== maxVcpus) return undefined;
  return `${plural(s, 'socket')} × ${plural(c, 'core')} × ${plural(t, 'thread')} = ${plural(maxVcpus, 'processor')}, the guest’s maximum.`;
}

/** how the saved CPU reads in the card */
export function cpuWords(cpu: GuestCpu): { mode: string; topology: string } {
  const mode =
    cpu.mode === 'custom'
      ? cpu.model
        ? `${cpu.model} (a named model)`
        : 'The hypervisor’s default model'
      : LABELS[cpu.mode];
  const t = cpu.topology;
  const topology = t
    ? `${plural(t.sockets, 'socket')}, ${plural(t.cores, 'core')}, ${plural(t.threads, 'thread')}`
    : 'Not set: one socket per processor';
  return { mode, topology };
}

/** the edits that turn the saved CPU into the (valid) draft: none for what did not change */
export function cpuEdits(cpu: GuestCpu, maxVcpus: number, d: CpuDraft): HardwareEdit[] {
  const edits: HardwareEdit[] = [];
  if (d.mode !== cpu.mode || (d.mode === 'custom' && d.model !== (cpu.model ?? null)))
    edits.push({ kind: 'cpuMode', mode: d.mode === 'custom' ? { custom: d.model ?? '' } : d.mode });
  const was = topologyOf(cpu, maxVcpus);
  const [sockets, cores, threads] = [Number(d.sockets), Number(d.cores), Number(d.threads)];
  if (sockets !== was.sockets || cores !== was.cores || threads !== was.threads)
    edits.push({ kind: 'topology', sockets, cores, threads });
  return edits;
}
