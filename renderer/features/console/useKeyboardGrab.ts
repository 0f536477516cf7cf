// The keyboard in and out of the guest's screen without a mouse. In: the screen is in the Tab order
// (the area around noVNC's canvas, not the canvas: Tab passes by without being caught) and Enter or
// Space on it focuses the canvas, whose keys noVNC sends to the guest, Tab included. Out: the release
// key (release-key.ts) moves focus to the console's toolbar. noVNC's canvas listeners stop the keys'
// propagation, so the chord is read in the capture phase on the screen, before noVNC sees each key.
import type RFB from '@novnc/novnc';
import { type KeyboardEvent, type RefObject, useCallback, useEffect, useState } from 'react';
import { ReleaseChord } from './release-key';

/** the first control of the toolbar a released keyboard lands on (the scale's radios take arrow keys
 * for themselves, so a button) */
const TOOLBAR_TARGET = 'button:not([disabled])';

export function useKeyboardGrab({
  screen,
  toolbar,
  rfb,
}: {
  screen: RefObject<HTMLElement | null>;
  toolbar: RefObject<HTMLElement | null>;
  rfb: RFB | undefined;
}) {
  /** the guest has the keyboard: noVNC's canvas is focused */
  const [grabbed, setGrabbed] = useState(false);

  useEffect(() => {
    const el = screen.current;
    if (!el) return;
    const chord = new ReleaseChord();
    const fromCanvas = (e: Event) => e.target instanceof HTMLCanvasElement;
    const down = (e: globalThis.KeyboardEvent) => {
      if (fromCanvas(e)) chord.keydown(e);
    };
    const up = (e: globalThis.KeyboardEvent) => {
      // noVNC's own keyup listener still runs after this one: the guest gets this key's release
      if (!fromCanvas(e) || chord.keyup(e) !== 'release') return;
      // fullscreen shows only the screen: there its own area takes the focus
      const fs = document.fullscreenElement;
      const bar = fs && !fs.contains(toolbar.current) ? null : toolbar.current;
      const back = bar?.querySelector<HTMLElement>(TOOLBAR_TARGET);
      (back ?? el).focus();
    };
    const focusIn = (e: FocusEvent) => setGrabbed(fromCanvas(e));
    const focusOut = (e: FocusEvent) => {
      if (!fromCanvas(e)) return;
      chord.reset();
      setGrabbed(false);
    };
    el.addEventListener('keydown', down, true);
    el.addEventListener('keyup', up, true);
    el.addEventListener('focusin', focusIn);
    el.addEventListener('focusout', focusOut);
    return () => {
      el.removeEventListener('keydown', down, true);
      el.removeEventListener('keyup', up, true);
      el.removeEventListener('focusin', focusIn);
      el.removeEventListener('focusout', focusOut);
    };
  }, [screen, toolbar]);

  // a console that drops loses its canvas: the keyboard is nobody's
  useEffect(() => {
    if (!rfb) setGrabbed(false);
  }, [rfb]);

  /** Enter or Space on the screen's area gives the guest the keyboard */
  const onScreenKeyDown = useCallback(
    (e: KeyboardEvent<HTMLElement>) => {
      if (e.target !== e.currentTarget || !rfb || (e.key !== 'Enter' && e.key !== ' ')) return;
      e.preventDefault();
      rfb.focus();
    },
    [rfb],
  );

  return { grabbed, onScreenKeyDown };
}
