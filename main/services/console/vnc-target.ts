// Where a running guest's VNC server listens, read from its LIVE domain XML (the port is only known
// once QEMU started: autoport assigns it at start and the inactive XML says port='-1').
import { attr, findAll, parseXml } from '../../model/xml';

export type VncTarget =
  | { kind: 'tcp'; host: string; port: number; websocketPort?: number }
  | { kind: 'unix'; path: string };

export class ConsoleUnavailable extends Error {
  override name = 'ConsoleUnavailable';
}

/** An address the server side can dial: wildcard listens are reached over loopback. */
function dialable(listen: string | undefined): string {
  if (!listen || listen === '0.0.0.0') return '127.0.0.1';
  if (listen === '::' || listen === '[::]') return '::1';
  return listen.replace(/^\[(.*)\]$/, '$1');
}

export function vncTargetFromXml(xml: string): VncTarget {
  const all = findAll(parseXml(xml), 'domain/devices/graphics');
  const vnc = all.find((g) => attr(g, 'type') === 'vnc');
  if (!vnc) {
    const other = attr(all[0], 'type');
    throw new ConsoleUnavailable(
      other
        ? `This guest's display is ${other.toUpperCase()}; KVM Desk's console needs a VNC display.`
        : 'This guest has no display to show (no VNC graphics device).',
    );
  }
  const listens = findAll(vnc, 'listen');
  const socketPath =
    attr(vnc, 'socket') ||
    attr(
      listens.find((l) => attr(l, 'type') === 'socket'),
      'socket',
    );
  if (socketPath) return { kind: 'unix', path: socketPath };
  if (listens.some((l) => attr(l, 'type') === 'none') && !attr(vnc, 'port')) {
    throw new ConsoleUnavailable("This guest's display does not listen anywhere (listen type none).");
  }
  const port = Number(attr(vnc, 'port') ?? '-1');
  if (!Number.isInteger(port) || port <= 0) {
    throw new ConsoleUnavailable('The guest is not running, so its display has no port yet.');
  }
  const address =
    attr(
      listens.find((l) => attr(l, 'type') === 'address'),
      'address',
    ) ?? attr(vnc, 'listen');
  const ws = Number(attr(vnc, 'websocket') ?? '-1');
  return {
    kind: 'tcp',
    host: dialable(address || undefined),
    port,
    ...(ws > 0 ? { websocketPort: ws } : {}),
  };
}
