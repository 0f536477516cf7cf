// The one parser of connection URIs (local or remote, system or session, transport), used by the client
// to connect and by the app to decide what is on this machine. It lives in libvirt/ because the transport
// needs it and libvirt/ imports nothing of the app.
//   qemu:///system, qemu+unix:///session, test:///default  -> this machine
//   qemu+ssh://[user@]host[:port]/system                     -> a remote host, even when host is localhost:
//                                                               its files are reached through ssh, as another user may see them
import { LibvirtError } from './errors.js';

export interface ParsedUri {
  /** what the user gave */
  uri: string;
  /** driver part of the scheme: qemu, test, ... */
  driver: string;
  transport: 'unix' | 'ssh';
  host: string;
  port?: number;
  user?: string;
  /** /system, /session, /default */
  path: string;
  params: URLSearchParams;
  /** the URI to send in CONNECT_OPEN */
  daemonUri: string;
}

const DRIVERS = new Set(['qemu', 'test', 'lxc', 'xen', 'ch', 'bhyve', 'vbox', 'network', 'storage']);
// query parameters the client consumes; the rest travel on to the daemon
const CLIENT_PARAMS = new Set([
  'socket',
  'keyfile',
  'no_verify',
  'no_tty',
  'known_hosts',
  'command',
  'netcat',
  'mode',
]);

export function parseUri(uri: string): ParsedUri {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    throw new LibvirtError('CONNECT', `"${uri}" is not a libvirt URI (for example qemu:///system).`, {
      code: 45,
    });
  }
  const scheme = u.protocol.replace(/:$/, '');
  const [driver, transportName] = scheme.split('+', 2);
  if (!DRIVERS.has(driver)) {
    throw new LibvirtError(
      'CONNECT',
      `Unknown libvirt URI scheme "${scheme}". Use qemu:///system, qemu:///session or qemu+ssh://host/system.`,
      { code: 45 },
    );
  }
  let transport: 'unix' | 'ssh';
  if (transportName === 'ssh') transport = 'ssh';
  else if (transportName === undefined || transportName === 'unix') transport = 'unix';
  else {
    throw new LibvirtError(
      'CONNECT',
      `The "${transportName}" transport is not supported; use a local URI or ${driver}+ssh://host/system.`,
      { code: 45 },
    );
  }
  if (transport === 'unix' && u.hostname !== '') {
    throw new LibvirtError(
      'CONNECT',
      `To reach ${u.hostname}, use ${driver}+ssh://${u.hostname}${u.pathname}.`,
      {
        code: 45,
      },
    );
  }
  if (transport === 'ssh' && u.hostname === '') {
    throw new LibvirtError('CONNECT', `${uri} names no host.`, { code: 45 });
  }
  const path = u.pathname || '/';
  const forward = new URLSearchParams();
  for (const [k, v] of u.searchParams) if (!CLIENT_PARAMS.has(k)) forward.append(k, v);
  const query = forward.toString();
  return {
    uri,
    driver,
    transport,
    host: u.hostname,
    port: u.port ? Number(u.port) : undefined,
    user: u.username ? decodeURIComponent(u.username) : undefined,
    path,
    params: u.searchParams,
    daemonUri: `${driver}://${path}${query ? `?${query}` : ''}`,
  };
}

/**
 * True when the URI's daemon runs on this machine and its paths are this machine's files: no host part,
 * unix transport. Anything else, a URI that does not parse included, counts as remote (the safe answer:
 * remote hosts get no local file access and no unlink).
 */
export function isLocalUri(uri: string): boolean {
  try {
    return parseUri(uri).transport === 'unix';
  } catch {
    return false;
  }
}

/** The system daemon's URI (qemu:///system, qemu+ssh://host/system), not a user's session. */
export function isSystemUri(uri: string): boolean {
  try {
    return parseUri(uri).path === '/system';
  } catch {
    return false;
  }
}

export interface SshHostFields {
  /** a host name or an IPv4/IPv6 address */
  host: string;
  /** empty: ssh's own choice (~/.ssh/config, else the local user) */
  user?: string;
  /** empty: 22 (or ~/.ssh/config's) */
  port?: number;
  daemon: 'system' | 'session';
}

export type SshUriResult =
  | { ok: true; uri: string }
  | { ok: false; problems: { field: 'host' | 'user' | 'port'; message: string }[] };

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;
// what ssh accepts as a login name without quoting (POSIX portable user names plus what distributions allow)
const USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}\$?$/;

/**
 * The Add-host dialog's fields -> qemu+ssh://[user@]host[:port]/system|session, checked in the user's
 * words. The URI carries no client parameters: keys, agent and known_hosts stay ssh's own.
 */
export function buildSshUri(f: SshHostFields): SshUriResult {
  const problems: { field: 'host' | 'user' | 'port'; message: string }[] = [];
  let host = f.host.trim().replace(/^\[(.*)\]$/, '$1');
  if (!host) problems.push({ field: 'host', message: 'Enter the host’s name or address.' });
  else if (host.includes(':')) {
    if (!IPV6.test(host)) problems.push({ field: 'host', message: `“${host}” is not an IPv6 address.` });
    host = `[${host}]`;
  } else if (!HOST_NAME.test(host)) {
    problems.push({
      field: 'host',
      message: `“${host}” is not a host name: use letters, digits, dots and hyphens (for example server.lan or 192.168.1.10).`,
    });
  }
  const user = f.user?.trim() ?? '';
  if (user && !USER.test(user)) {
    problems.push({
      field: 'user',
      message: `“${user}” is not a user name ssh can log in as: letters, digits, “_”, “.” and “-”, starting with a letter.`,
    });
  }
  if (f.port !== undefined && (!Number.isInteger(f.port) || f.port < 1 || f.port > 65535)) {
    problems.push({ field: 'port', message: 'The port is a whole number from 1 to 65535 (ssh uses 22).' });
  }
  if (problems.length) return { ok: false, problems };
  const port = f.port && f.port !== 22 ? `:${f.port}` : '';
  const uri = `qemu+ssh://${user ? `${encodeURIComponent(user)}@` : ''}${host}${port}/${f.daemon}`;
  parseUri(uri); // the one parser agrees, or this throws (a bug, not the user's input)
  return { ok: true, uri };
}
