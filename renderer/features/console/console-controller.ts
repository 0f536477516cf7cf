// Keeps one guest's console connected while the guest runs: asks the api for a session, attaches
// noVNC's RFB to the screen element, and reconnects by itself (guest restarted, display dropped,
// libvirt reconnected). Plain TypeScript so it is tested without React.
import type { KvmBridge, VmRef, VmState } from '../../../preload/contract';
import { Reconnect } from './reconnect';

export type ConsoleStatus =
  | { kind: 'off' }
  | { kind: 'connecting' }
  | { kind: 'connected' }
  | { kind: 'password'; message?: string }
  | { kind: 'disconnected'; reason: string };

/** The part of noVNC's RFB the controller drives. */
export interface RfbLike extends EventTarget {
  disconnect(): void;
  sendCredentials(c: { password?: string }): void;
}

export type CreateRfb = (screen: HTMLElement, url: string) => RfbLike;

/** States in which QEMU runs, so its display can be shown. */
export function hasDisplay(state: VmState | undefined): boolean {
  return (
    state === 'running' ||
    state === 'paused' ||
    state === 'blocked' ||
    state === 'pmsuspended' ||
    state === 'shutdown'
  );
}

/**
 * The WebSocket URL for a console session: Electron gets an absolute ws://127.0.0.1 URL; the browser
 * shell a path on the page's own server ('/console?token=...'), made ws(s)://<page host>/console?...
 */
export function consoleSocketUrl(url: string, page?: string): string {
  if (/^wss?:\/\//i.test(url)) return url;
  if (!page) throw new Error('no page address to reach the console from');
  const u = new URL(url, page);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.hash = '';
  return u.href;
}

export class ConsoleController {
  status: ConsoleStatus = { kind: 'off' };
  rfb?: RfbLike;
  private readonly reconnect = new Reconnect();
  private generation = 0;
  private disposed = false;
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly bridge: KvmBridge,
    private readonly ref: VmRef,
    private readonly screen: HTMLElement,
    private readonly createRfb: CreateRfb,
    private readonly onStatus: (s: ConsoleStatus, rfb?: RfbLike) => void,
  ) {
    const mine = (r: VmRef) => r.connection === ref.connection && r.uuid === ref.uuid;
    // A restart or resume is the moment to try again at once rather than after the backoff.
    this.offs.push(
      bridge.on('vm.lifecycle', (e) => {
        if (mine(e) && this.reconnect.running && this.status.kind === 'disconnected') this.connectNow();
      }),
      bridge.on('connection', (c) => {
        if (
          c.id === ref.connection &&
          c.state === 'connected' &&
          this.reconnect.running &&
          this.status.kind === 'disconnected'
        ) {
          this.connectNow();
        }
      }),
    );
  }

  /** Called whenever the guest's state is known anew. */
  setGuestState(state: VmState | undefined): void {
    if (!this.reconnect.setRunning(hasDisplay(state))) return;
    if (this.reconnect.running) {
      this.connectNow();
    } else {
      this.teardown();
      this.set({ kind: 'off' });
    }
  }

  /** Reconnect now (e.g. the user pressed Reconnect). */
  connectNow(): void {
    if (this.disposed || !this.reconnect.running) return;
    this.reconnect.cancel();
    void this.connect();
  }

  sendPassword(password: string): void {
    this.rfb?.sendCredentials({ password });
    this.set({ kind: 'connecting' });
  }

  dispose(): void {
    this.disposed = true;
    this.teardown();
    for (const off of this.offs) off();
  }

  private async connect(): Promise<void> {
    this.teardown();
    const gen = this.generation;
    this.set({ kind: 'connecting' });
    const res = await this.bridge.call('console.open', this.ref);
    if (gen !== this.generation || this.disposed || !this.reconnect.running) return;
    if (!res.ok) return this.lost(res.error.message);
    let rfb: RfbLike;
    try {
      rfb = this.createRfb(this.screen, consoleSocketUrl(res.value.url, globalThis.location?.href));
    } catch (err) {
      return this.lost(`The console could not start: ${(err as Error).message}`);
    }
    this.rfb = rfb;
    let reason: string | undefined;
    rfb.addEventListener('connect', () => {
      if (gen !== this.generation) return;
      this.reconnect.opened();
      this.set({ kind: 'connected' });
    });
    rfb.addEventListener('securityfailure', (e) => {
      const d = (e as CustomEvent<{ status: number; reason?: string }>).detail;
      reason = `The guest's display refused us: ${d.reason || 'wrong password'}.`;
    });
    rfb.addEventListener('credentialsrequired', () => {
      if (gen === this.generation) this.set({ kind: 'password' });
    });
    rfb.addEventListener('disconnect', (e) => {
      if (gen !== this.generation) return;
      this.rfb = undefined;
      const clean = (e as CustomEvent<{ clean: boolean }>).detail?.clean;
      if (!this.reconnect.running) return this.set({ kind: 'off' });
      this.lost(
        reason ??
          (clean
            ? "The guest's display closed the connection."
            : "The connection to the guest's display was lost."),
      );
    });
    this.set({ kind: 'connecting' }, rfb);
  }

  /** Shows why, then tries again with a growing pause while the guest runs. */
  private lost(reason: string): void {
    this.set({ kind: 'disconnected', reason });
    if (!this.reconnect.running || this.disposed) return;
    this.reconnect.later(() => this.connectNow());
  }

  private teardown(): void {
    this.generation++;
    this.reconnect.cancel();
    const rfb = this.rfb;
    this.rfb = undefined;
    if (rfb) {
      try {
        rfb.disconnect();
      } catch {
        // already closed
      }
    }
  }

  private set(status: ConsoleStatus, rfb = this.rfb): void {
    this.status = status;
    if (!this.disposed) this.onStatus(status, rfb);
  }
}
