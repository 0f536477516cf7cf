// The contract's part for the event log (what happened while KVM Desk ran, kept in the main process so it
// records while no window is open) and the desktop notifications drawn from it. contract.ts re-exports it.
import type { ConnectionId } from './contract';

export type EventLogKind = 'lifecycle' | 'job' | 'error' | 'connection';

/** who made a guest stop: KVM Desk (a request or action it sent) or something outside it (virsh, the guest) */
export type StopCause = 'kvm-desk' | 'outside';

export interface EventLogEntry {
  /** increasing within a session: newer entries have larger ids */
  id: number;
  /** ms since the epoch, by the backend's clock */
  time: number;
  kind: EventLogKind;
  connection?: ConnectionId;
  uuid?: string;
  /** the guest's name when it happened (a deleted guest keeps its line) */
  guest?: string;
  /**
   * lifecycle: libvirt's event ('started', 'stopped', 'crashed' ...); job: 'started' | 'done' | 'failed' |
   * 'cancelled'; connection: 'connected' | 'disconnected' | 'lost' (down for 10 s); error: the api method
   */
  event: string;
  /** lifecycle: libvirt's detail ('booted', 'destroyed', 'panicked' ...); error: its ErrorCode */
  detail?: string;
  /** one line in the user's words */
  message: string;
  /** a stop ('stopped' or 'shutdown' event): who caused it, as far as KVM Desk knows */
  cause?: StopCause;
  /** job: how long it ran; connection 'connected': how long it was down (absent: it was never up) */
  durationMs?: number;
}

/** the kinds of desktop notification, each with its own setting */
export type NotifyKind = 'crashed' | 'stoppedOutside' | 'jobs' | 'connection';

export type NotifySettings = Record<NotifyKind, boolean>;
