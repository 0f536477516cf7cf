// The browser shell's server: the built renderer over HTTP and the api over a WebSocket, both behind
// the token; every event is pushed to every client. Other features (the console bridge) may claim
// their own WebSocket paths with `onUpgrade`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { ConnectionStatus } from '../../../preload/contract';
import { API_PATH, type CallMessage, type ServerMessage } from '../../../preload/wire';
import type { Api } from '../../api';
import type { EventBus } from '../../services/events';
import {
  allowedHosts,
  hasToken,
  hostAllowed,
  originAllowed,
  securityHeaders,
  tokenCookie,
  tokenFromRequest,
} from './security';
import { serveFile } from './static';

export interface BrowserShellOptions {
  api: Api;
  events: EventBus;
  /** where each connection stands now (boot.ts's Backend.statuses): sent to each page that connects */
  statuses: () => ConnectionStatus[];
  token: string;
  root: string; // out/renderer-web
  host: string;
  port: number;
  /** a page's WebSocket closed: what it held by its caller id (its stats watches) goes */
  onClientGone?: (caller: string) => void;
}

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
export type RequestHandler = (req: IncomingMessage, res: ServerResponse, path: string) => void;

export interface BrowserShell {
  server: Server;
  url: string;
  port: number;
  /** a WebSocket path for another feature; the Host, token and Origin are checked before it runs */
  onUpgrade(path: string, handler: UpgradeHandler): void;
  /** HTTP requests under a path prefix for another feature (volume transfers); Host, token and, for
   *  anything but GET, Origin are checked before it runs */
  onRequest(prefix: string, handler: RequestHandler): void;
  close(): Promise<void>;
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startBrowserShell(o: BrowserShellOptions): Promise<BrowserShell> {
  const upgrades = new Map<string, UpgradeHandler>();
  const routes = new Map<string, RequestHandler>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const clients = new Set<WebSocket>();

  // known once listening (the port may be 0 until then)
  let hosts = new Set<string>();
  let cookie = tokenCookie(o.port);

  const server = createServer((req, res) => {
    if (!hostAllowed(req, hosts)) {
      // a foreign name resolving here (DNS rebinding): nothing for it, not even the token page
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('KVM Desk: this server does not answer to that host name.\n');
      return;
    }
    const hostname = (req.headers.host ?? o.host).replace(/:\d+$/, '');
    const headers = securityHeaders(hostname.replace(/^\[|\]$/g, ''));
    if (!hasToken(req, o.token, cookie)) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      res.end('KVM Desk: open the address printed by `npm run serve` (it carries the access token).\n');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const route = [...routes].find(([prefix]) => path.startsWith(prefix));
    if (route) {
      if (req.method !== 'GET' && !originAllowed(req)) {
        res.writeHead(403, headers);
        res.end();
        return;
      }
      route[1](req, res, path.slice(route[0].length));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', ...headers });
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    if (tokenFromRequest(req, cookie).query) {
      // later requests (scripts, styles) carry the cookie instead of the query
      headers['Set-Cookie'] = `${cookie}=${o.token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    void serveFile(o.root, url.pathname, res, headers);
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (!hostAllowed(req, hosts)) return refuse(socket, 421, 'Misdirected Request');
    if (!hasToken(req, o.token, cookie)) return refuse(socket, 401, 'Unauthorized');
    if (!originAllowed(req)) return refuse(socket, 403, 'Forbidden');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === API_PATH) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      return;
    }
    const other = upgrades.get(path);
    if (other) return other(req, socket, head);
    refuse(socket, 404, 'Not Found');
  });

  const send = (ws: WebSocket, msg: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };

  let clientSeq = 0;
  wss.on('connection', (ws) => {
    clients.add(ws);
    const caller = `ws${++clientSeq}`;
    ws.on('close', () => {
      clients.delete(ws);
      o.onClientGone?.(caller);
    });
    ws.on('error', () => ws.close());
    // a (re)connected page learns where every connection stands
    for (const status of o.statuses()) send(ws, { event: 'connection', payload: status });
    ws.on('message', async (data) => {
      let msg: CallMessage;
      try {
        msg = JSON.parse(String(data)) as CallMessage;
      } catch {
        return;
      }
      if (typeof msg !== 'object' || msg === null || typeof msg.id !== 'number') return;
      const result = await o.api.call(msg.method, msg.args, caller);
      send(ws, { id: msg.id, result });
    });
  });

  const stopEvents = o.events.onAny((event, payload) => {
    const text = JSON.stringify({ event, payload });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await listen(server, o.port, o.host);
  const bound = server.address() as AddressInfo;
  const port = bound.port;
  hosts = allowedHosts(bound, o.host);
  cookie = tokenCookie(port);
  const shown = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    server,
    port,
    url: `http://${shown}:${port}/?token=${o.token}`,
    onUpgrade: (path, handler) => upgrades.set(path, handler),
    onRequest: (prefix, handler) => routes.set(prefix, handler),
    close: async () => {
      stopEvents();
      for (const ws of clients) ws.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
