// The preload (sandboxed, context-isolated): exposes window.kvm built from the contract's METHODS and
// EVENTS lists. Nothing else of Electron or Node reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import {
  type ApiResult,
  type ArgsOf,
  EVENTS,
  type EventName,
  type Events,
  type KvmBridge,
  METHODS,
  type Method,
  type ResultOf,
} from './contract';

const methods = new Set<string>(METHODS);
const events = new Set<string>(EVENTS);
const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on('kvm:event', (_e, event: string, payload: unknown) => {
  for (const l of listeners.get(event) ?? []) {
    try {
      l(payload);
    } catch (err) {
      console.error(`listener for ${event} failed`, err);
    }
  }
});

const kvm: KvmBridge = {
  shell: 'electron',
  call<M extends Method>(method: M, args: ArgsOf<M>): Promise<ApiResult<ResultOf<M>>> {
    if (!methods.has(method)) {
      return Promise.resolve({
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          message: `There is no call named ${String(method)}.`,
          detail: { field: 'method' },
        },
      });
    }
    return ipcRenderer.invoke('kvm:call', method, args);
  },
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    if (!events.has(event)) throw new Error(`There is no event named ${String(event)}.`);
    let set = listeners.get(event);
    if (!set) {
      set = new Set();
      listeners.set(event, set);
    }
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  },
};

contextBridge.exposeInMainWorld('kvm', kvm);
// main queues events for this page until it says it is listening
ipcRenderer.send('kvm:ready');
