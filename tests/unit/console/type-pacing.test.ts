// "Type clipboard"'s pacing against a model of the path a key takes: QEMU's VNC server hands key
// events on one per 10 ms into the PS/2 keyboard's 16-byte queue, which drops bytes while the guest is
// busy (GRUB scrolling at a line wrap); the guest echoes what it reads, and the VNC server sends an
// update at its next 30 ms refresh. Fake timers: pure logic, no waiting.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type FrameSource,
  type KeySender,
  strokeFor,
  TYPE_PACE,
  typeText,
} from '../../../renderer/features/console/keys';

const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
/** the character a (code, shift) press types on a US layout */
const CHAR_OF = new Map(
  PRINTABLE.map((ch) => {
    const s = strokeFor(ch);
    return [`${s.code}/${s.shift ? 1 : 0}`, ch] as const;
  }),
);

interface GuestModel {
  /** the guest reads its keyboard this often while not busy (a slow guest reads less often) */
  readEveryMs: number;
  /** typing past each multiple of this many characters makes it redraw (a line wrap that scrolls) */
  wrapAt: number;
  /** how long a redraw takes; the guest reads no key meanwhile but draws all along */
  redrawMs: number;
  /** the VNC server's refresh interval */
  refreshMs: number;
  /** a guest whose screen changes at every refresh, whatever it is typed */
  restless?: boolean;
  /** a guest that draws nothing it is typed (a password prompt) */
  silent?: boolean;
}

class FakeGuest implements KeySender, FrameSource {
  static readonly PS2_QUEUE = 16;
  qemuQueue: [string | null, boolean][] = [];
  ps2: [string | null, boolean][] = [];
  dropped = 0;
  text = '';
  frames = 0;
  /** the most key events ever waiting in QEMU's and the PS/2 queues together */
  maxInFlight = 0;
  private shift = false;
  private busyUntil = 0;
  private dirty = false;
  private readonly listeners = new Set<() => void>();
  private readonly timers: ReturnType<typeof setInterval>[] = [];

  constructor(private readonly m: GuestModel) {
    // QEMU: one key event a 10 ms into the PS/2 queue, dropped when it is full
    this.timers.push(
      setInterval(() => {
        const e = this.qemuQueue.shift();
        if (!e) return;
        if (this.ps2.length >= FakeGuest.PS2_QUEUE) this.dropped++;
        else this.ps2.push(e);
      }, 10),
    );
    this.timers.push(setInterval(() => this.read(), m.readEveryMs));
    this.timers.push(
      setInterval(() => {
        const busy = Date.now() < this.busyUntil;
        if (this.dirty || busy || m.restless) {
          this.dirty = false;
          this.frames++;
          for (const l of this.listeners) l();
        }
      }, m.refreshMs),
    );
  }

  sendKey(_keysym: number, code: string | null, down?: boolean): void {
    this.qemuQueue.push([code, down !== false]);
    this.maxInFlight = Math.max(this.maxInFlight, this.qemuQueue.length + this.ps2.length);
  }

  onFrame(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop() {
    for (const t of this.timers) clearInterval(t);
  }

  private read() {
    while (Date.now() >= this.busyUntil && this.ps2.length > 0) {
      const [code, down] = this.ps2.shift()!;
      if (code === 'ShiftLeft') {
        this.shift = down;
        continue;
      }
      if (!down) continue;
      this.text += CHAR_OF.get(`${code}/${this.shift ? 1 : 0}`) ?? '?';
      if (!this.m.silent) this.dirty = true;
      if (this.text.length % this.m.wrapAt === 0) this.busyUntil = Date.now() + this.m.redrawMs;
    }
  }
}

/** 500 characters of letters of both cases, digits, punctuation, symbols and spaces, fixed seed */
function mixedText(n: number): string {
  let seed = 7;
  let s = '';
  while (s.length < n) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    s += PRINTABLE[seed % PRINTABLE.length];
  }
  return s;
}

const GRUB: GuestModel = { readEveryMs: 5, wrapAt: 74, redrawMs: 400, refreshMs: 30 };

/** Types into a fake guest, running the fake clock until done; returns what the guest read. */
async function typeInto(guest: FakeGuest, text: string, opts: Parameters<typeof typeText>[2] = {}) {
  const t0 = Date.now();
  let done = false;
  const typing = typeText(guest, text, opts).finally(() => {
    done = true;
  });
  while (!done) await vi.advanceTimersByTimeAsync(5);
  // whatever is still on its way reaches the guest
  await vi.advanceTimersByTimeAsync(2000);
  guest.stop();
  return { typed: await typing, ms: Date.now() - t0 };
}

describe('typing paced to the guest', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('the model loses keys when they are sent all at once (the bug)', async () => {
    const guest = new FakeGuest(GRUB);
    const text = mixedText(500);
    await typeInto(guest, text, { frames: guest, pace: { burstEvents: 100_000 } });
    expect(guest.dropped).toBeGreaterThan(0);
    expect(guest.text).not.toBe(text);
  });

  it('keeps every key of 500 mixed characters while the guest redraws at each line wrap', async () => {
    const guest = new FakeGuest(GRUB);
    const text = mixedText(500);
    const { typed, ms } = await typeInto(guest, text, { frames: guest });
    expect(typed).toBe(500);
    expect(guest.dropped).toBe(0);
    expect(guest.text).toBe(text);
    // never more in flight than one burst, which fits in the PS/2 queue
    expect(guest.maxInFlight).toBeLessThanOrEqual(TYPE_PACE.burstEvents);
    expect(ms).toBeLessThan(60_000);
    console.log(`model: 500 characters in ${ms} ms (${((500 * 1000) / ms).toFixed(1)} chars/s)`);
  });

  it('slows down with a slow guest (CPU load) and still keeps every key', async () => {
    const slow: GuestModel = { readEveryMs: 60, wrapAt: 40, redrawMs: 1500, refreshMs: 45 };
    const fast = new FakeGuest(GRUB);
    const loaded = new FakeGuest(slow);
    const text = mixedText(300);
    const a = await typeInto(fast, text, { frames: fast });
    const b = await typeInto(loaded, text, { frames: loaded });
    expect(loaded.dropped).toBe(0);
    expect(loaded.text).toBe(text);
    expect(b.ms).toBeGreaterThan(a.ms); // the pace followed the guest
    // a fixed pace (no picture to watch) that keeps up with the quick guest loses keys in the slow one
    const quickBlind = new FakeGuest(GRUB);
    await typeInto(quickBlind, text);
    expect(quickBlind.text).toBe(text);
    const slowBlind = new FakeGuest(slow);
    await typeInto(slowBlind, text);
    expect(slowBlind.dropped).toBeGreaterThan(0);
  });

  it('types into a guest that draws nothing (a password prompt), waiting a while after each burst', async () => {
    const guest = new FakeGuest({ ...GRUB, silent: true, wrapAt: 1e9 });
    const { typed, ms } = await typeInto(guest, 'Secret-Passw0rd!', { frames: guest });
    expect(typed).toBe(16);
    expect(guest.text).toBe('Secret-Passw0rd!');
    expect(guest.frames).toBe(0);
    // bursts of whole characters within 12 events: "Secr", "et-P", "assw", "0rd!" -> four echo waits
    expect(ms).toBeGreaterThanOrEqual(4 * TYPE_PACE.echoWaitMs);
  });

  it('does not wait forever on a screen that never rests', async () => {
    const guest = new FakeGuest({ ...GRUB, restless: true, wrapAt: 1e9 });
    const text = 'abcdefghijklmnopqrstuvwxyz';
    const { typed, ms } = await typeInto(guest, text, { frames: guest });
    expect(guest.text).toBe(text);
    expect(typed).toBe(26);
    const bursts = Math.ceil(26 / 6); // 6 unshifted characters a burst
    expect(ms).toBeLessThanOrEqual(bursts * TYPE_PACE.settleMaxMs + 2000 + 100);
    expect(ms).toBeGreaterThanOrEqual((bursts - 1) * TYPE_PACE.settleMaxMs);
  });

  it('without a picture to watch, pauses a fixed while after each burst', async () => {
    const guest = new FakeGuest(GRUB);
    const sent: number[] = [];
    const counting: KeySender = {
      sendKey: (k, c, d) => {
        sent.push(Date.now());
        guest.sendKey(k, c, d);
      },
    };
    let done = false;
    const typing = typeText(counting, 'x'.repeat(18)).finally(() => {
      done = true;
    });
    while (!done) await vi.advanceTimersByTimeAsync(5);
    guest.stop();
    expect(await typing).toBe(18);
    const starts = [...new Set(sent)];
    expect(starts).toHaveLength(3); // 18 x's: three bursts of 12 events
    for (let i = 1; i < starts.length; i++)
      expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(
        12 * TYPE_PACE.eventMs + TYPE_PACE.blindSettleMs,
      );
  });

  it('stops between bursts when cancelled', async () => {
    const guest = new FakeGuest(GRUB);
    const ctl = new AbortController();
    const progress: number[] = [];
    const { typed } = await typeInto(guest, 'y'.repeat(100), {
      frames: guest,
      signal: ctl.signal,
      onProgress: (n) => {
        progress.push(n);
        if (n >= 12) ctl.abort();
      },
    });
    expect(typed).toBe(12);
    expect(progress).toEqual([6, 12]);
    expect(guest.text).toBe('y'.repeat(12));
  });
});
