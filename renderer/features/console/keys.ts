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

/** How many characters we type without asking twice: beyond this it takes a while (QEMU paces keys). */
export const TYPE_WARNING_CHARS = 2000;

/**
 * Types text into the guest, a batch of characters per tick so the page stays responsive.
 * Resolves with the number of characters typed (fewer if cancelled).
 */
export async function typeText(
  rfb: KeySender,
  text: string,
  opts: { batch?: number; signal?: AbortSignal; onProgress?: (typed: number) => void } = {},
): Promise<number> {
  const chars = Array.from(text.replace(/\r\n/g, '\n'));
  const batch = opts.batch ?? 32;
  let typed = 0;
  for (const ch of chars) {
    if (opts.signal?.aborted) break;
    const s = strokeFor(ch);
    const keys: Stroke[] = s.shift ? [{ keysym: XK.Shift_L, code: 'ShiftLeft' }, s] : [s];
    sendCombo(rfb, keys);
    typed++;
    if (typed % batch === 0) {
      opts.onProgress?.(typed);
      await new Promise((r) => setTimeout(r, 0));
    }
  }
  opts.onProgress?.(typed);
  return typed;
}
