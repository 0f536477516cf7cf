import { describe, expect, it } from 'vitest';
import { type ChordKey, ReleaseChord } from '../../../renderer/features/console/release-key';

const K: Record<string, ChordKey> = {
  ctrl: { code: 'ControlLeft', key: 'Control' },
  rctrl: { code: 'ControlRight', key: 'Control' },
  alt: { code: 'AltLeft', key: 'Alt' },
  ralt: { code: 'AltRight', key: 'Alt' },
  altGr: { code: 'AltRight', key: 'AltGraph' },
  shift: { code: 'ShiftLeft', key: 'Shift' },
  del: { code: 'Delete', key: 'Delete' },
  f2: { code: 'F2', key: 'F2' },
  down: { code: 'ArrowDown', key: 'ArrowDown' },
  enter: { code: 'Enter', key: 'Enter' },
};

/** feeds '+name' (down) and '-name' (up); returns what each keyup answered, 'release' or '' */
function play(steps: string, chord = new ReleaseChord()): string[] {
  const out: string[] = [];
  for (const step of steps.split(' ')) {
    const k = K[step.slice(1)];
    if (step[0] === '+') chord.keydown(k);
    else out.push(chord.keyup(k) ?? '');
  }
  return out;
}

describe('the release key (Ctrl+Alt pressed and released alone)', () => {
  it('releases when the last of Ctrl and Alt comes up, in either order', () => {
    expect(play('+ctrl +alt -alt -ctrl')).toEqual(['', 'release']);
    expect(play('+alt +ctrl -alt -ctrl')).toEqual(['', 'release']);
    expect(play('+ctrl +alt -ctrl -alt')).toEqual(['', 'release']);
  });

  it('takes either Ctrl and a right Alt that is plain Alt', () => {
    expect(play('+rctrl +alt -alt -rctrl')).toEqual(['', 'release']);
    expect(play('+ctrl +ralt -ralt -ctrl')).toEqual(['', 'release']);
  });

  it('does not release for AltGr (Windows sends it as Ctrl + right Alt)', () => {
    expect(play('+ctrl +altGr -altGr -ctrl')).toEqual(['', '']);
  });

  it('leaves Ctrl+Alt+Del, Ctrl+Alt+F2 and Ctrl+Alt+Shift to the guest', () => {
    expect(play('+ctrl +alt +del -del -alt -ctrl')).toEqual(['', '', '']);
    expect(play('+ctrl +alt +f2 -f2 -ctrl -alt')).toEqual(['', '', '']);
    expect(play('+ctrl +shift +alt -alt -shift -ctrl')).toEqual(['', '', '']);
  });

  it('needs both together: Ctrl alone, Alt alone, or one after the other do not release', () => {
    expect(play('+ctrl -ctrl')).toEqual(['']);
    expect(play('+alt -alt')).toEqual(['']);
    expect(play('+ctrl -ctrl +alt -alt')).toEqual(['', '']);
  });

  it('keeps auto-repeat of a held modifier as one press', () => {
    expect(play('+ctrl +ctrl +ctrl +alt +alt -alt -ctrl')).toEqual(['', 'release']);
  });

  it('starts afresh after each press: a spoiled chord does not spoil the next', () => {
    const chord = new ReleaseChord();
    expect(play('+ctrl +alt +del -del -alt -ctrl', chord)).toEqual(['', '', '']);
    expect(play('+ctrl +alt -alt -ctrl', chord)).toEqual(['', 'release']);
    expect(play('+down -down', chord)).toEqual(['']);
  });

  it('ignores the release of a key pressed before the screen had focus (the Enter that entered it)', () => {
    expect(play('-enter +ctrl +alt -alt -ctrl')).toEqual(['', '', 'release']);
    // Ctrl+Alt while Enter (pressed elsewhere) is still held: Enter is not ours, the chord is bare
    expect(play('+ctrl +alt -enter -alt -ctrl')).toEqual(['', '', 'release']);
  });

  it('forgets what was held when focus leaves (reset)', () => {
    const chord = new ReleaseChord();
    chord.keydown(K.ctrl);
    chord.keydown(K.alt);
    chord.reset();
    expect(chord.keyup(K.alt)).toBeNull();
    expect(chord.keyup(K.ctrl)).toBeNull();
  });
});
