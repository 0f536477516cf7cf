// Keeps one guest's serial console connected while the guest runs: asks the api for a serial session
// (console.open kind 'serial'), carries the guest's bytes to the terminal and typed bytes back over the
// bridge's WebSocket, and reconnects by itself. libvirt lets one client at a time hold a console: the
// view's first connection and "Reconnect now" take it over (force); reconnecting by itself never does,
// so two windows on one guest never take it from each other in turns. Plain TypeScript, tested without
// React or a terminal.
import type { KvmBridge, VmRef, VmState } from '../../../preload/contract';
import { consoleSocketUrl, hasDisplay } from './console-controller';
import { Reconnect } from './reconnect';

export type SerialStatus =
  | { kind: 'off' }
  | { kind: 'connecting' }
  | { kind: 'connected' }
  | { kind: 'disconnected'; reason: string };

/** The part of a WebSocket the controller uses (the browser's, or a fake in tests). */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(): void;
  onopen: ((e: Event) => void) | null;
  onmessage: ((e: MessageEvent) => void) | null;
  onclose: ((e: CloseEvent) => void) | null;
  onerror: ((e: Event) => void) | null;
}

export type CreateSocket = (url: string) => SocketLike;

const OPEN = 1;

export const SERIAL_BUSY =
  'The serial console could not be opened: another window (or virsh console) may be using it.';

export class SerialController {
  status: SerialStatus = { kind: 'off' };
  private socket?: SocketLike;
  private readonly reconnect = new Reconnect();
  private generation = 0;
  private disposed = false;
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly bridge: KvmBridge,
    private readonly ref: VmRef,
    /** the guest's output, to the terminal */
    private readonly output: (bytes: Uint8Array) => void,
    private readonly onStatus: (s: SerialStatus) => void,
    private readonly createSocket: CreateSocket = (url) => new WebSocket(url),
  ) {}

  /** Called whenever the guest's state is known anew. */
  setGuestState(state: VmState | undefined): void {
    if (!this.reconnect.setRunning(hasDisplay(state))) return;
    if (this.reconnect.running) {
      this.connectNow(true);
    } else {
      this.teardown();
      this.set({ kind: 'off' });
    }
  }

  /** Connect now; force takes the console over from another client (the user asked). */
  connectNow(force = true): void {
    if (this.disposed || !this.reconnect.running) return;
    this.reconnect.cancel();
    void this.connect(force);
  }

  /** What the user typed: text (UTF-8) or bytes. Dropped while not connected. */
  send(data: string | Uint8Array): void {
    const s = this.socket;
    if (!s || s.readyState !== OPEN || this.status.kind !== 'connected') return;
    s.send(typeof data === 'string' ? this.encoder.encode(data) : data);
  }

  dispose(): void {
    this.disposed = true;
    this.teardown();
  }

  private async connect(force: boolean): Promise<void> {
    this.teardown();
    const gen = this.generation;
    this.set({ kind: 'connecting' });
    const res = await this.bridge.call('console.open', { ...this.ref, kind: 'serial', force });
    if (gen !== this.generation || this.disposed || !this.reconnect.running) return;
    if (!res.ok) return this.lost(res.error.message);
    let socket: SocketLike;
    try {
      socket = this.createSocket(consoleSocketUrl(res.value.url, globalThis.location?.href));
    } catch (err) {
      return this.lost(`The serial console could not start: ${(err as Error).message}`);
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      if (gen !== this.generation) return;
      this.reconnect.opened();
      this.set({ kind: 'connected' });
    };
    socket.onmessage = (e) => {
      if (gen !== this.generation) return;
      const d = e.data as ArrayBuffer | string;
      this.output(typeof d === 'string' ? this.encoder.encode(d) : new Uint8Array(d));
    };
    socket.onclose = (e) => {
      if (gen !== this.generation) return;
      const opened = this.status.kind === 'connected';
      this.socket = undefined;
      if (!this.reconnect.running) return this.set({ kind: 'off' });
      // a refused upgrade (the console is busy, or the guest stopped meanwhile) closes before opening
      if (!opened) return this.lost(SERIAL_BUSY);
      this.lost(
        e.code === 1000 || e.code === 1001
          ? "The guest's serial console closed (another window may have taken it over)."
          : `The connection to the guest's serial console was lost${e.reason ? `: ${e.reason}` : '.'}`,
      );
    };
    socket.onerror = () => {};
  }

  /** Shows why, then tries again (without taking the console over) with a growing pause. */
  private lost(reason: string): void {
    this.set({ kind: 'disconnected', reason });
    if (!this.reconnect.running || this.disposed) return;
    this.reconnect.later(() => this.connectNow(false));
  }

  private teardown(): void {
    this.generation++;
    this.reconnect.cancel();
    const s = this.socket;
    this.socket = undefined;
    if (s) {
      s.onopen = s.onmessage = s.onclose = s.onerror = null;
      try {
        s.close();
      } catch {
        // already closed
      }
    }
  }

  private set(status: SerialStatus): void {
    this.status = status;
    if (!this.disposed) this.onStatus(status);
  }
}
