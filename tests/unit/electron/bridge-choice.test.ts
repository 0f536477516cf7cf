// Which bridge a page uses is decided by where the page comes from: an Electron page without the
// preload's window.kvm gets a clear error, never the WebSocket bridge its CSP blocks.
import { describe, expect, it, vi } from 'vitest';
import type { KvmBridge } from '../../../preload/contract';
import { BridgeMissingError, chooseBridge } from '../../../renderer/bridge';

const kvm = { shell: 'electron' } as KvmBridge;
const ws = { shell: 'browser' } as KvmBridge;
const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
const electronUa =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/146.0 Electron/41.7.1 Safari/537.36';

describe('chooseBridge', () => {
  it('uses window.kvm in the app', () => {
    expect(chooseBridge({ location: { protocol: 'kvmdesk:' }, userAgent: electronUa, kvm })).toBe(kvm);
  });

  it('fails with the cause when the app page has no window.kvm (the preload did not load)', () => {
    const webSocket = vi.fn(() => ws);
    const missing = () =>
      chooseBridge({ location: { protocol: 'kvmdesk:' }, userAgent: electronUa }, webSocket);
    expect(missing).toThrow(BridgeMissingError);
    expect(missing).toThrow(/preload script did not run/);
    // the dev server's page in Electron too
    expect(() => chooseBridge({ location: { protocol: 'http:' }, userAgent: electronUa }, webSocket)).toThrow(
      BridgeMissingError,
    );
    expect(webSocket).not.toHaveBeenCalled();
  });

  it('uses the WebSocket in a browser (the browser shell)', () => {
    expect(chooseBridge({ location: { protocol: 'http:' }, userAgent: firefox }, () => ws)).toBe(ws);
  });
});
