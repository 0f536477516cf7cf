// When noVNC has drawn a framebuffer update, for pacing typed text (keys.ts typeText). noVNC 1.7's RFB
// has no public event for it; its _framebufferUpdate() ends every FramebufferUpdate message with
// this._display.flip(), so we wrap that one method of that one RFB's Display. If a later noVNC
// renames it, frameSource answers undefined and typing falls back to its fixed pace.
import type { FrameSource } from './keys';

interface WithDisplay {
  _display?: { flip?: (...args: unknown[]) => unknown };
}

const sources = new WeakMap<object, FrameSource>();

export function frameSource(rfb: unknown): FrameSource | undefined {
  if (typeof rfb !== 'object' || rfb === null) return undefined;
  const known = sources.get(rfb);
  if (known) return known;
  const display = (rfb as WithDisplay)._display;
  const flip = display?.flip;
  if (!display || typeof flip !== 'function') return undefined;
  const listeners = new Set<() => void>();
  display.flip = function (this: unknown, ...args: unknown[]) {
    const r = flip.apply(this, args);
    for (const l of [...listeners]) l();
    return r;
  };
  const source: FrameSource = {
    onFrame(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  sources.set(rfb, source);
  return source;
}
