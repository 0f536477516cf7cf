// The browser shell's WebSocket messages (JSON), beside the contract they carry: the server
// (main/shells/browser) and the renderer's client (renderer/bridge/websocket.ts) both import this.
import type { ApiResult, EventName, Events } from './contract';

/** client -> server */
export interface CallMessage {
  id: number;
  method: string;
  args: unknown;
}

/** server -> client */
export type ServerMessage =
  | { id: number; result: ApiResult<unknown> }
  | { [E in EventName]: { event: E; payload: Events[E] } }[EventName];

/** the WebSocket path of the api (the console bridge has its own) */
export const API_PATH = '/api';
