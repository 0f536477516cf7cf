// The Add-host dialog's Test: opens the URI for real (ssh with BatchMode, so it never asks; host keys
// checked as ssh's config says: an unknown one fails), lists the guests, closes. Never longer than the
// timeout; ssh's error is classified (model/ssh-failure.ts).
import type { HostTestResult } from '../../../preload/contract';
import { parseUri } from '../../libvirt/uri';
import { classifySshFailure } from '../../model/ssh-failure';
import type { OpenConnection } from '../connections';

export const HOST_TEST_TIMEOUT_MS = 10_000;

function versionString(v: bigint): string {
  const n = Number(v);
  return `${Math.floor(n / 1_000_000)}.${Math.floor(n / 1000) % 1000}.${n % 1000}`;
}

export async function testHost(
  uri: string,
  open: OpenConnection,
  timeoutMs = HOST_TEST_TIMEOUT_MS,
): Promise<HostTestResult> {
  const p = parseUri(uri);
  const target = { host: p.host, user: p.user, port: p.port };
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const opening = open(uri, { reconnect: false });
  const timedOut = new Promise<'timeout'>((r) => {
    timer = setTimeout(() => r('timeout'), timeoutMs);
  });
  try {
    const conn = await Promise.race([opening, timedOut]);
    if (conn === 'timeout') {
      // what opens late is closed at once; ssh's own ConnectTimeout ends a silent host
      opening.then((c) => c.close()).catch(() => undefined);
      return {
        ok: false,
        uri,
        kind: 'timeout',
        message: `${p.host} did not answer within ${Math.round(timeoutMs / 1000)} s. Is it on, on this network, and its firewall open for ssh?`,
        said: '',
        ms: Date.now() - t0,
      };
    }
    try {
      const [hostname, version, guests] = await Promise.all([
        conn.getHostname(),
        conn.getLibVersion(),
        conn.listAllDomains(),
      ]);
      return {
        ok: true,
        uri,
        hostname,
        libvirtVersion: versionString(version),
        guests: guests.length,
        ms: Date.now() - t0,
      };
    } finally {
      await conn.close().catch(() => undefined);
    }
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    const sshText = message.replace(/^ssh to \S+ failed: /, '');
    const f = classifySshFailure(sshText, target);
    // libvirt answered (not ssh): its own message, e.g. a session daemon that cannot start there
    if (f.kind === 'other' && !/^ssh to /.test(message)) {
      return { ok: false, uri, kind: 'libvirt', message, said: message, ms: Date.now() - t0 };
    }
    return {
      ok: false,
      uri,
      kind: f.kind,
      message: f.message,
      ...(f.command ? { command: f.command } : {}),
      said: f.sshSaid,
      ms: Date.now() - t0,
    };
  } finally {
    clearTimeout(timer);
  }
}
