// What both consoles (the noVNC screen and the serial terminal) keep to reconnect by themselves: whether
// the guest runs (so there is something to connect to) and the retry after a lost connection, with a
// growing pause that starts over once a connection opens. Plain TypeScript, tested through the controllers.
const RETRY_MS = [300, 1000, 2000, 4000, 5000];

export class Reconnect {
  /** the guest runs: connect, and reconnect when the connection is lost */
  running = false;
  private attempt = 0;
  private timer?: ReturnType<typeof setTimeout>;

  /** Whether the guest runs now (hasDisplay of its state); true when it changed. A start resets the pause. */
  setRunning(running: boolean): boolean {
    if (running === this.running) return false;
    this.running = running;
    if (running) this.attempt = 0;
    return true;
  }

  /** A connection opened: the next loss tries again after the shortest pause. */
  opened(): void {
    this.attempt = 0;
  }

  /** Calls retry after the next, longer pause (replacing a retry already waiting). */
  later(retry: () => void): void {
    const delay = RETRY_MS[Math.min(this.attempt, RETRY_MS.length - 1)];
    this.attempt++;
    this.cancel();
    this.timer = setTimeout(retry, delay);
  }

  cancel(): void {
    clearTimeout(this.timer);
  }
}
