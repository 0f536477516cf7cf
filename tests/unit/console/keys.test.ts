import { describe, expect, it } from 'vitest';
import { COMBOS, sendCombo, strokeFor, typeText, XK } from '../../../renderer/features/console/keys';

/** no pauses: these tests are about which keys, not when (type-pacing.test.ts is about when) */
const FAST = { eventMs: 0, blindSettleMs: 0 };

function recorder() {
  const events: [number, string | null, boolean | undefined][] = [];
  return { events, sendKey: (k: number, c: string | null, d?: boolean) => events.push([k, c, d]) };
}

describe('special keys for the guest', () => {
  it('offers Ctrl+Alt+Del, Ctrl+Alt+Backspace, Ctrl+Alt+F1..F12 and PrintScreen', () => {
    expect(COMBOS.map((c) => c.label)).toEqual([
      'Ctrl+Alt+Del',
      'Ctrl+Alt+Backspace',
      ...Array.from({ length: 12 }, (_, i) => `Ctrl+Alt+F${i + 1}`),
      'PrintScreen',
    ]);
  });

  it('presses a combination in order and releases it in reverse', () => {
    const r = recorder();
    sendCombo(r, COMBOS.find((c) => c.id === 'ctrl-alt-f3')!.keys);
    expect(r.events).toEqual([
      [XK.Control_L, 'ControlLeft', true],
      [XK.Alt_L, 'AltLeft', true],
      [0xffc0, 'F3', true],
      [0xffc0, 'F3', false],
      [XK.Alt_L, 'AltLeft', false],
      [XK.Control_L, 'ControlLeft', false],
    ]);
  });
});

describe('typing host text into the guest', () => {
  it('maps characters to keys of a US keyboard, with Shift where needed', () => {
    expect(strokeFor('e')).toEqual({ keysym: 0x65, code: 'KeyE' });
    expect(strokeFor('K')).toEqual({ keysym: 0x4b, code: 'KeyK', shift: true });
    expect(strokeFor('7')).toEqual({ keysym: 0x37, code: 'Digit7' });
    expect(strokeFor('!')).toEqual({ keysym: 0x21, code: 'Digit1', shift: true });
    expect(strokeFor(')')).toEqual({ keysym: 0x29, code: 'Digit0', shift: true });
    expect(strokeFor('"')).toEqual({ keysym: 0x22, code: 'Quote', shift: true });
    expect(strokeFor('/')).toEqual({ keysym: 0x2f, code: 'Slash' });
    expect(strokeFor(' ')).toEqual({ keysym: 0x20, code: 'Space' });
    expect(strokeFor('\n')).toEqual({ keysym: XK.Return, code: 'Enter' });
    // beyond ASCII: the X11 keysym alone
    expect(strokeFor('é')).toEqual({ keysym: 0xe9, code: null });
    expect(strokeFor('€')).toEqual({ keysym: 0x010020ac, code: null });
  });

  it('types "echo KVM" as press/release pairs, Shift around capitals', async () => {
    const r = recorder();
    expect(await typeText(r, 'echo KVM', { pace: FAST })).toBe(8);
    const downs = r.events.filter((e) => e[2]).map((e) => e[1]);
    expect(downs).toEqual([
      'KeyE',
      'KeyC',
      'KeyH',
      'KeyO',
      'Space',
      'ShiftLeft',
      'KeyK',
      'ShiftLeft',
      'KeyV',
      'ShiftLeft',
      'KeyM',
    ]);
    expect(r.events.filter((e) => e[2]).length).toBe(r.events.filter((e) => e[2] === false).length);
  });

  it('stops when cancelled and reports progress', async () => {
    const r = recorder();
    const ctl = new AbortController();
    const progress: number[] = [];
    const typed = await typeText(r, 'x'.repeat(100), {
      pace: FAST,
      signal: ctl.signal,
      onProgress: (n) => {
        progress.push(n);
        if (n >= 30) ctl.abort();
      },
    });
    expect(typed).toBe(30);
    expect(progress).toEqual([6, 12, 18, 24, 30]); // after each burst: 6 presses and releases of x
  });
});
