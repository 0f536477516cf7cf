// The browser shell's WebSocket messages (JSON). The server and the renderer's client both import this.
import type { ApiResult, EventName, Events } from '../../preload/contract';

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
