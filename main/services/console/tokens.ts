// Console tokens: one per console session, used once, valid for a short time. A token stands for
// "this guest on this connection"; anything that is not a live, unused token is refused.
import { randomBytes } from 'node:crypto';
import type { VncTarget } from './vnc-target';

export interface ConsoleGrant {
  connection: string;
  uuid: string;
  /** the guest's serial console instead of its VNC display */
  kind?: 'serial';
  /** serial: take the console over from another client */
  force?: boolean;
  /** VNC: where the display was when the session was handed out; dialled first, looked up again if it fails */
  target?: VncTarget;
}

export class ConsoleTokens {
  private readonly grants = new Map<string, { grant: ConsoleGrant; expires: number }>();

  constructor(
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  issue(grant: ConsoleGrant): string {
    this.sweep();
    const token = randomBytes(32).toString('base64url');
    this.grants.set(token, { grant, expires: this.now() + this.ttlMs });
    return token;
  }

  /** The grant for a token, consuming it; undefined for a missing, unknown, used or expired token. */
  redeem(token: string | null | undefined): ConsoleGrant | undefined {
    if (!token) return undefined;
    const entry = this.grants.get(token);
    if (!entry) return undefined;
    this.grants.delete(token);
    return entry.expires > this.now() ? entry.grant : undefined;
  }

  get size(): number {
    this.sweep();
    return this.grants.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [t, e] of this.grants) if (e.expires <= now) this.grants.delete(t);
  }
}
