// The one way the renderer reaches KVM Desk: window.kvm from the Electron preload, or the browser
// shell's WebSocket. `api.call` answers ApiResult; `api.run` returns the value or throws ApiCallError.
import type { ApiError, ArgsOf, KvmBridge, Method, ResultOf } from '../../preload/contract';
import { createWebSocketBridge } from './websocket';

declare global {
  interface Window {
    kvm?: KvmBridge;
  }
}

let bridge: KvmBridge | undefined;

/** the page cannot reach KVM Desk: shown as its own error page (main.tsx), never as "not answering" */
export class BridgeMissingError extends Error {
  override name = 'BridgeMissingError';
}

/**
 * Which bridge this page uses, decided by where the page comes from, not by whether window.kvm happens
 * to exist: an Electron page (the app scheme, or Electron's dev server) must have the preload's
 * window.kvm; falling back to the WebSocket there would only meet the CSP and "server not answering".
 */
export function chooseBridge(
  where: { location: Pick<Location, 'protocol'>; userAgent: string; kvm?: KvmBridge },
  webSocket: () => KvmBridge = createWebSocketBridge,
): KvmBridge {
  const electron = where.location.protocol === 'kvmdesk:' || /\bElectron\//.test(where.userAgent);
  if (where.kvm) return where.kvm;
  if (electron)
    throw new BridgeMissingError(
      'the preload script did not run, so this window has no window.kvm. Reinstall KVM Desk; ' +
        'if you built it yourself, run `npm run build` (the preload is out/preload/index.cjs).',
    );
  return webSocket();
}

export function getBridge(): KvmBridge {
  if (!bridge)
    bridge = chooseBridge({ location: window.location, userAgent: navigator.userAgent, kvm: window.kvm });
  return bridge;
}

/** an ApiError as a thrown Error, so code can `catch (e) { if (e.code === 'NOT_FOUND') ... }` */
export class ApiCallError extends Error {
  override name = 'ApiCallError';
  readonly code: ApiError['code'];
  readonly detail: ApiError['detail'];
  constructor(readonly error: ApiError) {
    super(error.message);
    this.code = error.code;
    this.detail = error.detail;
  }
}

export const api = {
  call<M extends Method>(method: M, args: ArgsOf<M>) {
    return getBridge().call(method, args);
  },
  async run<M extends Method>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
    const r = await getBridge().call(method, args);
    if (!r.ok) throw new ApiCallError(r.error);
    return r.value;
  },
};
