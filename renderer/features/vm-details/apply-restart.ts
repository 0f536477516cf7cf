// "Shut down and apply": the steps after the user agreed. The guest is asked to shut down (ACPI, the
// toolbar's Shut down), and once libvirt reports it off it is started again, so the saved definition is
// what runs. Pure: the banner calls vms.shutdown / vms.start and follows the summary's state.
import type { VmSummary } from '../../../preload/contract';

export type ApplyPhase = 'idle' | 'asking' | 'shuttingDown' | 'starting';

export type ApplyStep =
  /** off now: start it, and the pending changes apply */
  | 'start'
  /** still shutting down */
  | 'wait'
  /** the request is overdue (Settings' shutdown timeout): say so; Force off stays the user's choice */
  | 'overdue'
  /** it went off with a saved state (managed save): starting would resume the old definition */
  | 'savedInstead'
  | 'nothing';

export function applyStep(
  phase: ApplyPhase,
  vm: Pick<VmSummary, 'state' | 'savedState' | 'pendingRequest'>,
): ApplyStep {
  if (phase !== 'shuttingDown') return 'nothing';
  if (vm.state === 'shutoff') return vm.savedState ? 'savedInstead' : 'start';
  if (vm.pendingRequest?.overdue) return 'overdue';
  return 'wait';
}
