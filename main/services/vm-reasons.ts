// libvirt's state and state-reason numbers in words (virDomainState and the virDomain*Reason enums in
// include/libvirt/libvirt-domain.h). The list shows "Shut off (destroyed)", "Paused (paused by user)".
import type { VmState } from '../../preload/contract';

export const STATES: VmState[] = [
  'nostate',
  'running',
  'blocked',
  'paused',
  'shutdown',
  'shutoff',
  'crashed',
  'pmsuspended',
];

const REASONS: Record<VmState, string[]> = {
  nostate: ['unknown'],
  // virDomainRunningReason
  running: [
    'unknown',
    'booted',
    'migrated',
    'restored',
    'restored from snapshot',
    'unpaused',
    'migration cancelled',
    'save cancelled',
    'woken up',
    'crashed',
    'post-copy migration',
    'post-copy migration failed',
  ],
  blocked: ['unknown'],
  // virDomainPausedReason
  paused: [
    'unknown',
    'paused by user',
    'migrating',
    'saving',
    'dumping',
    'I/O error',
    'watchdog',
    'restored from snapshot',
    'shutting down',
    'taking a snapshot',
    'crashed',
    'starting up',
    'post-copy migration',
    'post-copy migration failed',
    'paused by an API error',
  ],
  shutdown: ['unknown', 'shut down by user'],
  // virDomainShutoffReason
  shutoff: [
    'unknown',
    'shut down',
    'destroyed',
    'crashed',
    'migrated',
    'saved',
    'failed to start',
    'restored from snapshot',
    'stopped by the daemon',
  ],
  crashed: ['unknown', 'panicked'],
  pmsuspended: ['unknown'],
};

export function stateName(state: number): VmState {
  return STATES[state] ?? 'nostate';
}

export function reasonWords(state: VmState, reason: number): string {
  return REASONS[state][reason] ?? 'unknown';
}
