// `npm run serve`: KVM Desk in a browser. Serves the built renderer and the api on 127.0.0.1 (choose
// with --host ADDR; --port N, default 8390, 0 for any free port) and prints the address with its
// token as a line `KVM Desk: http://...`; --open also opens it in the desktop's browser (xdg-open).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { consoleServiceFor } from '../../api/console';
import { startBackend } from '../boot';
import { writeServeInfo } from '../cli/runtime-dir';
import { newToken } from './security';
import { type BrowserShell, startBrowserShell } from './server';
import { serveTransfers } from './transfers';

const DEFAULT_PORT = 8390;

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string' },
    open: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(
    'usage: npm run serve -- [--host ADDR] [--port N] [--open]\n  KVMDESK_URI=qemu:///system overrides the connection',
  );
  process.exit(0);
}
const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`KVM Desk: --port must be a number from 0 to 65535, not ${values.port}`);
  process.exit(2);
}
const host = values.host ?? '127.0.0.1';
// out/renderer-web, seen from this file (tsx) or from its bundle (out/serve/serve.js)
const here = import.meta.dirname;
const root = resolve(here, basename(here) === 'serve' ? '../renderer-web' : '../../../out/renderer-web');
if (!existsSync(join(root, 'index.html'))) {
  console.error(
    'KVM Desk: the interface is not built; run `npm run build:renderer` (npm run serve does it).',
  );
}

const token = newToken();
let shell: BrowserShell | undefined;
// console.openWindow answers with the console's route; the page opens it (its cookie carries the token)
// the page loads while libvirt opens and lists (app.snapshot waits for the first listing)
const backend = await startBackend({ kind: 'browser' }, { background: true });
const options = {
  api: backend.api,
  events: backend.ctx.events,
  statuses: backend.statuses,
  onClientGone: (caller: string) => {
    backend.ctx.stats.release(caller);
    backend.ctx.networks.release(caller);
  },
  token,
  root,
  host,
};
try {
  shell = await startBrowserShell({ ...options, port });
} catch (err) {
  if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || values.port !== undefined) throw err;
  // the default port is taken (another KVM Desk?): any free port will do
  shell = await startBrowserShell({ ...options, port: 0 });
}
// consoles go over this server's own port (path /console), so a browser elsewhere reaches them too
consoleServiceFor(backend.ctx).serveOn(shell);
// volume uploads and downloads stream over plain HTTP on the same port, behind the same token
serveTransfers(shell, backend.ctx.storage.browser);
if (host !== '127.0.0.1' && host !== '::1' && host !== 'localhost') {
  console.warn(
    `KVM Desk: listening on ${host}: anyone who can reach it and has the token controls your guests.`,
  );
}
// `npm run kvmdesk -- --list` finds this serve here ($XDG_RUNTIME_DIR/kvm-desk/serve.json, 0600)
const forgetServeInfo = await writeServeInfo({ url: shell.url, pid: process.pid }).catch((err: Error) => {
  console.warn(`KVM Desk: npm run kvmdesk will not find this serve (${err.message})`);
  return async () => {};
});
console.log(`KVM Desk: ${shell.url}`);
if (values.open) {
  // the desktop's browser: a failure here leaves the printed URL, which is enough
  const opener = spawn('xdg-open', [shell.url], { detached: true, stdio: 'ignore' });
  opener.on('error', () => undefined);
  opener.unref();
}

const stop = async () => {
  await forgetServeInfo();
  await shell?.close();
  await backend.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
