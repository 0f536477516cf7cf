// KvmBridge over the browser shell's WebSocket. The token comes from the page's URL (?token=...).
// Calls made while the socket is down wait for it (briefly); if the server goes away the UI hears a
// 'connection' event saying so, and the server re-announces every connection when the socket is back.
import type {
  ApiResult,
  ArgsOf,
  ConnectionStatus,
  EventName,
  Events,
  KvmBridge,
  Method,
  ResultOf,
} from '../../preload/contract';
import { API_PATH, type CallMessage, type ServerMessage } from '../../preload/wire';

type Pending = (result: ApiResult<unknown>) => void;

const SERVER_GONE = 'KVM Desk’s server is not answering; reconnecting.';

export function createWebSocketBridge(
  location: Pick<Location, 'protocol' | 'host' | 'search'> = window.location,
  Socket: typeof WebSocket = WebSocket,
): KvmBridge {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${API_PATH}?token=${encodeURIComponent(token)}`;
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const pending = new Map<number, Pending>();
  const known = new Map<string, ConnectionStatus>();
  let queue: CallMessage[] = [];
  let nextId = 1;
  let socket: WebSocket | undefined;
  let open = false;
  let retryMs = 250;

  const emit = <E extends EventName>(event: E, payload: Events[E]) => {
    for (const l of listeners.get(event) ?? []) {
      try {
        (l as (p: Events[E]) => void)(payload);
      } catch (err) {
        console.error(`listener for ${event} failed`, err);
      }
    }
  };

  const connect = () => {
    const ws = new Socket(url);
    socket = ws;
    ws.onopen = () => {
      open = true;
      retryMs = 250;
      for (const m of queue) ws.send(JSON.stringify(m));
      queue = [];
    };
    ws.onmessage = (ev) => {
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(ev.data)) as ServerMessage;
      } catch {
        return;
      }
      if ('id' in msg) {
        const done = pending.get(msg.id);
        pending.delete(msg.id);
        done?.(msg.result);
      } else if ('event' in msg) {
        if (msg.event === 'connection') known.set(msg.payload.id, msg.payload);
        emit(msg.event, msg.payload as never);
      }
    };
    // a failed attempt is followed by close, which retries
    ws.onerror = () => undefined;
    ws.onclose = () => {
      const wasOpen = open;
      open = false;
      for (const [id, done] of pending) {
        done({ ok: false, error: { code: 'DISCONNECTED', message: SERVER_GONE } });
        pending.delete(id);
      }
      if (wasOpen) {
        for (const status of known.values()) {
          emit('connection', { ...status, state: 'disconnected', message: SERVER_GONE });
        }
      }
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  connect();

  return {
    shell: 'browser',
    call<M extends Method>(method: M, args: ArgsOf<M>): Promise<ApiResult<ResultOf<M>>> {
      const id = nextId++;
      const msg: CallMessage = { id, method, args };
      return new Promise((resolve) => {
        pending.set(id, resolve as Pending);
        if (open && socket) socket.send(JSON.stringify(msg));
        else queue.push(msg);
      });
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
}
