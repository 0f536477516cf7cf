// Key combinations the guest cannot get from a real keyboard (the host keeps them), and host text typed
// as key presses. We send X11 keysyms plus the physical key (KeyboardEvent.code): QEMU takes the
// scancode, so the guest reads the key through its own layout; text is mapped for a US layout, the one
// guests boot with (GRUB, installers, consoles).
export interface Stroke {
  keysym: number;
  code: string | null;
  shift?: boolean;
}

export interface KeySender {
  sendKey(keysym: number, code: string | null, down?: boolean): void;
}

export const XK = {
  BackSpace: 0xff08,
  Tab: 0xff09,
  Return: 0xff0d,
  Escape: 0xff1b,
  Delete: 0xffff,
  Print: 0xff61,
  F1: 0xffbe,
  Shift_L: 0xffe1,
  Control_L: 0xffe3,
  Alt_L: 0xffe9,
} as const;

const ctrl: Stroke = { keysym: XK.Control_L, code: 'ControlLeft' };
const alt: Stroke = { keysym: XK.Alt_L, code: 'AltLeft' };

export interface Combo {
  id: string;
  label: string;
  keys: Stroke[];
}

export const COMBOS: Combo[] = [
  { id: 'ctrl-alt-del', label: 'Ctrl+Alt+Del', keys: [ctrl, alt, { keysym: XK.Delete, code: 'Delete' }] },
  {
    id: 'ctrl-alt-backspace',
    label: 'Ctrl+Alt+Backspace',
    keys: [ctrl, alt, { keysym: XK.BackSpace, code: 'Backspace' }],
  },
  ...Array.from({ length: 12 }, (_, i) => ({
    id: `ctrl-alt-f${i + 1}`,
    label: `Ctrl+Alt+F${i + 1}`,
    keys: [ctrl, alt, { keysym: XK.F1 + i, code: `F${i + 1}` }],
  })),
  { id: 'print-screen', label: 'PrintScreen', keys: [{ keysym: XK.Print, code: 'PrintScreen' }] },
];

/** Presses the keys in order and releases them in reverse, as fingers would. */
export function sendCombo(rfb: KeySender, keys: Stroke[]): void {
  for (const k of keys) rfb.sendKey(k.keysym, k.code, true);
  for (const k of [...keys].reverse()) rfb.sendKey(k.keysym, k.code, false);
}

const SHIFTED_DIGITS = ')!@#$%^&*(';
// unshifted char, shifted char, KeyboardEvent.code on a US keyboard
const PUNCTUATION: [string, string, string][] = [
  ['`', '~', 'Backquote'],
  ['-', '_', 'Minus'],
  ['=', '+', 'Equal'],
  ['[', '{', 'BracketLeft'],
  [']', '}', 'BracketRight'],
  ['\\', '|', 'Backslash'],
  [';', ':', 'Semicolon'],
  ["'", '"', 'Quote'],
  [',', '<', 'Comma'],
  ['.', '>', 'Period'],
  ['/', '?', 'Slash'],
];

/** The key press for one character of text. */
export function strokeFor(ch: string): Stroke {
  const cp = ch.codePointAt(0)!;
  if (ch === '\n' || ch === '\r') return { keysym: XK.Return, code: 'Enter' };
  if (ch === '\t') return { keysym: XK.Tab, code: 'Tab' };
  if (ch === ' ') return { keysym: 0x20, code: 'Space' };
  if (/[a-z]/.test(ch)) return { keysym: cp, code: `Key${ch.toUpperCase()}` };
  if (/[A-Z]/.test(ch)) return { keysym: cp, code: `Key${ch}`, shift: true };
  if (/[0-9]/.test(ch)) return { keysym: cp, code: `Digit${ch}` };
  const shiftedDigit = SHIFTED_DIGITS.indexOf(ch);
  if (shiftedDigit >= 0) return { keysym: cp, code: `Digit${shiftedDigit}`, shift: true };
  for (const [plain, shifted, code] of PUNCTUATION) {
    if (ch === plain) return { keysym: cp, code };
    if (ch === shifted) return { keysym: cp, code, shift: true };
  }
  // Beyond US ASCII: the keysym alone (Latin-1 keysyms equal their code points; X11 maps the rest to
  // 0x01000000 + code point) and QEMU finds a key for it in its keymap where it can.
  return { keysym: cp >= 0x20 && cp <= 0xff ? cp : 0x01000000 | cp, code: null };
}

/** How many characters we type without asking twice: beyond this it takes a while (see TYPE_PACE). */
export const TYPE_WARNING_CHARS = 2000;
/** About how fast typeText types mixed text into GRUB under TCG (19 a second measured; less under load). */
export const TYPE_CHARS_PER_SECOND = 15;

/** A picture that tells when the server sent a framebuffer update (see frames.ts). */
export interface FrameSource {
  /** Calls the listener after each framebuffer update; returns the unsubscribe. */
  onFrame(listener: () => void): () => void;
}

/** How typed text is paced; see typeText for why these numbers keep every key. */
export interface TypePace {
  /** key events (a press or a release: one scancode byte each at the guest) sent at once, at most */
  burstEvents: number;
  /** the least time one key event takes to reach the guest (QEMU's VNC server spaces them 10 ms apart) */
  eventMs: number;
  /** after a burst, how long to wait for the guest to draw something before taking it as non-echoing */
  echoWaitMs: number;
  /** the screen rests when no framebuffer update came for this long */
  quietMs: number;
  /** with no picture to watch: a fixed pause after each burst instead */
  blindSettleMs: number;
  /** waiting for a screen that never rests (a video, a clock) ends after this long */
  settleMaxMs: number;
}

export const TYPE_PACE: TypePace = {
  burstEvents: 12,
  eventMs: 12,
  echoWaitMs: 400,
  quietMs: 70,
  blindSettleMs: 500,
  settleMaxMs: 2000,
};

const SHIFT: Stroke = { keysym: XK.Shift_L, code: 'ShiftLeft' };
const keysOf = (ch: string): Stroke[] => {
  const s = strokeFor(ch);
  return s.shift ? [SHIFT, s] : [s];
};

/**
 * Types text into the guest as key presses. Resolves with the number of characters typed (fewer if
 * cancelled; progress is reported after each burst).
 *
 * Why no key is lost. Between us and the guest, the smallest buffer is QEMU's PS/2 keyboard queue: 16
 * scancode bytes (one per key press or release), and bytes beyond it are dropped while the guest does
 * not read the keyboard — GRUB, for one, reads it only between redraws, so keys sent all at once were
 * lost while it scrolled. QEMU's VNC server hands key events to that queue one per 10 ms (its
 * key-delay-ms). So we type in bursts of at most 12 events (whole characters), which fit in the queue
 * even if the guest reads nothing until the burst is all there, and we send the next burst only when
 * the guest has dealt with this one:
 *   1. not before QEMU can have delivered the whole burst (12 ms an event, more than QEMU's 10 ms, so
 *      QEMU's own queue never grows and the keys reach the guest at our pace, not in a flood);
 *   2. then until the guest's answer shows: a framebuffer update since the burst went out (the echo;
 *      a guest that draws nothing, e.g. at a password prompt, gets echoWaitMs), and then until the
 *      screen rests: no update for quietMs after step 1. The echo of the burst's last keys comes about
 *      when step 1 ends, so it lands in that window or just before it; a guest still scrolling or
 *      repainting keeps sending updates, and when it stops it is back reading keys.
 * The wait follows the guest, not a clock: under CPU load the guest echoes and redraws later and we
 * wait longer, so a slow guest gets a slow typist. With no picture to watch (frames undefined), a
 * fixed pause after each burst. A screen that never rests ends the wait after settleMaxMs.
 */
export async function typeText(
  rfb: KeySender,
  text: string,
  opts: {
    signal?: AbortSignal;
    onProgress?: (typed: number) => void;
    frames?: FrameSource;
    pace?: Partial<TypePace>;
  } = {},
): Promise<number> {
  const pace = { ...TYPE_PACE, ...opts.pace };
  const chars = Array.from(text.replace(/\r\n/g, '\n'));
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
  let lastFrame = Number.NEGATIVE_INFINITY;
  let wake: (() => void) | undefined;
  const off = opts.frames?.onFrame(() => {
    lastFrame = Date.now();
    wake?.();
  });
  /** sleeps up to ms, or until the next framebuffer update */
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      wake = done;
    });

  /** Waits until the guest has dealt with a burst of `events` key events sent at `sent`. */
  const settle = async (events: number, sent: number) => {
    await sleep(sent + events * pace.eventMs - Date.now());
    if (!opts.frames) return sleep(pace.blindSettleMs);
    const delivered = Date.now();
    const giveUp = sent + pace.settleMaxMs;
    for (;;) {
      const now = Date.now();
      if (now >= giveUp) return;
      if (lastFrame < sent) {
        // nothing drawn since the burst went out: wait for the echo, or take the guest as silent
        if (now >= delivered + pace.echoWaitMs) return;
        await nap(Math.min(delivered + pace.echoWaitMs, giveUp) - now);
        continue;
      }
      // drawn: wait for the screen to rest, counting from when the whole burst can have arrived
      const restsAt = Math.max(lastFrame, delivered) + pace.quietMs;
      if (now >= restsAt) return;
      await sleep(Math.min(restsAt, giveUp) - now);
    }
  };

  let typed = 0;
  try {
    while (typed < chars.length && !opts.signal?.aborted) {
      const burst: Stroke[][] = [];
      let events = 0;
      for (let i = typed; i < chars.length; i++) {
        const keys = keysOf(chars[i]);
        if (burst.length > 0 && events + 2 * keys.length > pace.burstEvents) break;
        burst.push(keys);
        events += 2 * keys.length;
      }
      const sent = Date.now();
      for (const keys of burst) sendCombo(rfb, keys);
      typed += burst.length;
      opts.onProgress?.(typed);
      await settle(events, sent);
    }
  } finally {
    off?.();
  }
  return typed;
}
