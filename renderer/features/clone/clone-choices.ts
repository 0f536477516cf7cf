// What the clone dialog offers for the source's state (virt-clone's rule: disks are copied while
// nothing writes to them). Shut off: both kinds, linked first. Paused: a full copy. Running: a full copy
// with the guest paused for it and resumed after (the box is offered, ticked); a linked clone needs the
// guest shut off, because the base would keep being written while the clone reads it.
import type { VmState } from '../../../preload/contract';

export type CloneMode = 'full' | 'linked';

export interface CloneChoices {
  defaultMode: CloneMode;
  /** why Linked is disabled (absent: it is offered) */
  linkedRefused?: string;
  /** a running source: the pause box's label */
  pauseOffer?: string;
}

export function cloneChoices(vm: { name: string; state: VmState }): CloneChoices {
  const running = vm.state === 'running' || vm.state === 'blocked';
  if (running)
    return {
      defaultMode: 'full',
      linkedRefused: `Needs “${vm.name}” shut off: a running guest keeps writing to the disks a linked clone reads.`,
      pauseOffer: `Pause “${vm.name}” during the copy and resume it after`,
    };
  if (vm.state === 'paused')
    return {
      defaultMode: 'full',
      linkedRefused: 'Needs the guest shut off: its disks must not change afterwards.',
    };
  return { defaultMode: 'linked' };
}

/** why Clone cannot start with these choices (undefined: it can) */
export function cloneStartProblem(
  choices: CloneChoices,
  mode: CloneMode,
  pause: boolean,
): string | undefined {
  if (mode === 'linked' && choices.linkedRefused) return choices.linkedRefused;
  if (mode === 'full' && choices.pauseOffer && !pause)
    return 'A running guest’s disks change while they are copied: let KVM Desk pause it, or shut it down first.';
  return undefined;
}
