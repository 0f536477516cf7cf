// The keyboard in and out of a guest's console without a mouse, for the VNC screen (noVNC's canvas) and
// the serial terminal (xterm.js's textarea) alike. In: the console's area is in the Tab order, the
// element that takes the guest's keys is not (Tab passes by without being caught), and Enter or Space
// on the area focuses it; from then on its keys go to the guest, Tab included. Out: the release key
// (release-key.ts) moves focus out (ConsoleView: its toolbar). noVNC's canvas listeners stop the keys'
// propagation, so the chord is read in the capture phase on the area, before the console sees each key.
import { type KeyboardEvent, type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { ReleaseChord } from './release-key';

export interface KeyboardGrabOptions {
  /** the console's area: in the Tab order; it holds the element that takes the guest's keys */
  area: RefObject<HTMLElement | null>;
  /** the element that sends its keys to the guest (noVNC's canvas, xterm's textarea) */
  isGuestKeys: (el: EventTarget | null) => boolean;
  /** gives the guest the keyboard; absent while not connected */
  enter?: () => void;
  /** where focus goes when the release key is pressed (else the area itself) */
  releaseTo: () => HTMLElement | null | undefined;
}

export function useKeyboardGrab(options: KeyboardGrabOptions) {
  /** the guest has the keyboard */
  const [grabbed, setGrabbed] = useState(false);
  const latest = useRef(options);
  latest.current = options;
  const { area } = options;

  useEffect(() => {
    const el = area.current;
    if (!el) return;
    const chord = new ReleaseChord();
    const guestKeys = (e: Event) => latest.current.isGuestKeys(e.target);
    const down = (e: globalThis.KeyboardEvent) => {
      if (guestKeys(e)) chord.keydown(e);
    };
    const up = (e: globalThis.KeyboardEvent) => {
      // the console's own keyup listener still runs after this one: the guest gets this key's release
      if (!guestKeys(e) || chord.keyup(e) !== 'release') return;
      (latest.current.releaseTo() ?? el).focus();
    };
    const focusIn = (e: FocusEvent) => setGrabbed(guestKeys(e));
    const focusOut = (e: FocusEvent) => {
      if (!guestKeys(e)) return;
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
  }, [area]);

  // a console that drops loses its keys: the keyboard is nobody's
  const connected = options.enter !== undefined;
  useEffect(() => {
    if (!connected) setGrabbed(false);
  }, [connected]);

  /** Enter or Space on the area gives the guest the keyboard */
  const onAreaKeyDown = useCallback((e: KeyboardEvent<HTMLElement>) => {
    const enter = latest.current.enter;
    if (e.target !== e.currentTarget || !enter || (e.key !== 'Enter' && e.key !== ' ')) return;
    e.preventDefault();
    enter();
  }, []);

  return { grabbed, onAreaKeyDown };
}

/** the first enabled button of the console's toolbar (the scale's radios would take the arrow keys);
 * in fullscreen, where the toolbar is not shown, nothing (the area keeps the focus) */
export function toolbarButton(toolbar: HTMLElement | null): HTMLElement | null {
  const fs = document.fullscreenElement;
  if (!toolbar || (fs && !fs.contains(toolbar))) return null;
  return toolbar.querySelector<HTMLElement>('button:not([disabled])');
}

/** the first element after `el` in the Tab order, outside it (the "next focusable") */
export function nextTabbable(el: HTMLElement): HTMLElement | null {
  const all = document.querySelectorAll<HTMLElement>(
    'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]',
  );
  for (const c of all) {
    if (c.tabIndex < 0 || el.contains(c)) continue;
    if (el.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING) return c;
  }
  return null;
}
