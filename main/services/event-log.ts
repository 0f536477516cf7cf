// The session's event log: what happened to guests (libvirt's lifecycle events with their detail), jobs
// (start, end), user actions that failed, and the connection's ups and downs. Kept in the main process so
// it records while no window is open; the last 1,000 entries (a ring), each pushed as 'eventLog.entry'.
// A stop records who caused it (StopCause): KVM Desk when it asked (the vm-store's pending Shut down, or
// an action the api sent: StopIntents), otherwise outside (virsh, the guest's own shutdown, a crash).
import type {
  ApiError,
  ConnectionStatus,
  EventLogEntry,
  Events,
  Job,
  StopCause,
  VmRef,
} from '../../preload/contract';
import { CONNECTION_LOST_MS } from '../../preload/notify-rules';
import type { EventBus } from './events';

export const LOG_SIZE = 1000;

/** how long an action KVM Desk sent explains a stop that follows (a slow guest's ACPI shutdown) */
const INTENT_MS = 10 * 60_000;

const keyOf = (ref: VmRef) => `${ref.connection}\n${ref.uuid}`;

/** the stops KVM Desk asked for and has not seen happen yet */
export class StopIntents {
  private readonly asked = new Map<string, number>();

  /** before the call (libvirt's event can come before its reply); returns the undo for a refused call */
  expect(ref: VmRef, now = Date.now()): () => void {
    const key = keyOf(ref);
    this.asked.set(key, now);
    return () => {
      if (this.asked.get(key) === now) this.asked.delete(key);
    };
  }

  /** whether KVM Desk asked for this guest's stop lately; `consume` forgets it (the stop happened) */
  askedFor(ref: VmRef, consume: boolean, now = Date.now()): boolean {
    const key = keyOf(ref);
    const at = this.asked.get(key);
    if (consume || (at !== undefined && now - at > INTENT_MS)) this.asked.delete(key);
    return at !== undefined && now - at <= INTENT_MS;
  }

  forget(ref: VmRef): void {
    this.asked.delete(keyOf(ref));
  }
}

export interface GuestFacts {
  /** the guest's name (while the store still has it) */
  name(ref: VmRef): string | undefined;
  /** a Shut down KVM Desk asked for and the guest has not acted on yet */
  shutdownPending(ref: VmRef): boolean;
}

const words = (s: string) => s.replace(/_/g, ' ');
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export class EventLog {
  private readonly ring: EventLogEntry[] = [];
  private nextId = 1;
  private readonly jobStarts = new Map<string, number>();
  private readonly connections = new Map<
    string,
    { state: string; downSince?: number; lost?: NodeJS.Timeout }
  >();
  private readonly stops: (() => void)[] = [];

  constructor(
    private readonly events: EventBus,
    private readonly guests: GuestFacts,
    readonly intents = new StopIntents(),
    private readonly now: () => number = () => Date.now(),
  ) {
    this.stops.push(
      events.on('vm.lifecycle', (e) => this.lifecycle(e)),
      events.on('job', (j) => this.job(j)),
      events.on('connection', (c) => this.connection(c)),
    );
  }

  /** newest first */
  list(): EventLogEntry[] {
    return [...this.ring].reverse();
  }

  /** a user action the api refused or libvirt failed: `what` is the action in words */
  actionFailed(method: string, what: string, ref: Partial<VmRef>, error: ApiError): void {
    const guest = ref.connection && ref.uuid ? (ref as VmRef) : undefined;
    this.add({
      kind: 'error',
      event: method,
      detail: error.code,
      ...(guest && { connection: guest.connection, uuid: guest.uuid, guest: this.guests.name(guest) }),
      message: `${what} failed: ${error.message}`,
    });
  }

  close(): void {
    for (const stop of this.stops.splice(0)) stop();
    for (const c of this.connections.values()) clearTimeout(c.lost);
  }

  private add(entry: Omit<EventLogEntry, 'id' | 'time'>): void {
    const full = { id: this.nextId++, time: this.now(), ...entry } as EventLogEntry;
    for (const k of Object.keys(full) as (keyof EventLogEntry)[]) if (full[k] === undefined) delete full[k];
    this.ring.push(full);
    if (this.ring.length > LOG_SIZE) this.ring.shift();
    this.events.emit('eventLog.entry', full);
  }

  private lifecycle(e: Events['vm.lifecycle']): void {
    const ref = { connection: e.connection, uuid: e.uuid };
    let cause: StopCause | undefined;
    if (e.event === 'stopped' || e.event === 'shutdown') {
      // 'shutdown' (finished) comes before 'stopped': it ends the pending request but not the intent
      const asked = this.guests.shutdownPending(ref) || this.intents.askedFor(ref, e.event === 'stopped');
      cause = asked ? 'kvm-desk' : 'outside';
    } else if (e.event === 'started') {
      this.intents.forget(ref);
    }
    const by =
      cause === 'kvm-desk' ? ' (asked by KVM Desk)' : cause === 'outside' ? ' (outside KVM Desk)' : '';
    this.add({
      kind: 'lifecycle',
      ...ref,
      guest: this.guests.name(ref),
      event: e.event,
      detail: e.detail,
      cause,
      message: `${capital(words(e.event))}: ${words(e.detail)}${by}`,
    });
  }

  private job(j: Job): void {
    if (j.state === 'running') {
      if (this.jobStarts.has(j.id)) return; // progress is not logged
      this.jobStarts.set(j.id, this.now());
      this.add({ kind: 'job', event: 'started', message: `${j.title}: started` });
      return;
    }
    const started = this.jobStarts.get(j.id);
    this.jobStarts.delete(j.id);
    const end =
      j.state === 'done' ? 'done' : j.state === 'cancelled' ? 'cancelled' : (j.error?.message ?? 'failed');
    this.add({
      kind: 'job',
      event: j.state,
      ...(j.result && {
        connection: j.result.connection,
        uuid: j.result.uuid,
        guest: this.guests.name(j.result),
      }),
      durationMs: started === undefined ? undefined : this.now() - started,
      message: `${j.title}: ${end}`,
    });
  }

  private connection(c: ConnectionStatus): void {
    const was = this.connections.get(c.id);
    if (c.state === 'connecting' || was?.state === c.state) return;
    const now = this.now();
    if (c.state === 'disconnected') {
      const entry = { state: c.state, downSince: now, lost: undefined as NodeJS.Timeout | undefined };
      entry.lost = setTimeout(() => {
        if (this.connections.get(c.id) !== entry) return;
        this.add({
          kind: 'connection',
          connection: c.id,
          event: 'lost',
          durationMs: CONNECTION_LOST_MS,
          message: `Still disconnected from ${c.uri} after ${CONNECTION_LOST_MS / 1000} s${c.message ? `: ${c.message}` : ''}`,
        });
      }, CONNECTION_LOST_MS);
      entry.lost.unref?.();
      this.connections.set(c.id, entry);
      this.add({
        kind: 'connection',
        connection: c.id,
        event: 'disconnected',
        message: `Disconnected from ${c.uri}${c.message ? `: ${c.message}` : ''}`,
      });
      return;
    }
    clearTimeout(was?.lost);
    this.connections.set(c.id, { state: c.state });
    const down = was?.downSince === undefined ? undefined : now - was.downSince;
    this.add({
      kind: 'connection',
      connection: c.id,
      event: 'connected',
      durationMs: down,
      message: `Connected to ${c.uri}${c.hostname ? ` (${c.hostname})` : ''}${down === undefined ? '' : ` after ${Math.round(down / 1000)} s`}`,
    });
  }
}
