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

export function getBridge(): KvmBridge {
  if (!bridge) bridge = window.kvm ?? createWebSocketBridge();
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
