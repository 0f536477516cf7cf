// `npm run kvmdesk` against a running `serve` and a real guest: --list prints it with its state, --start
// starts it (virsh says so), an unknown guest is exit status 2, --console prints the URL that opens it.
// serve finds itself in a temporary XDG_RUNTIME_DIR (serve.json, 0600, removed when serve stops).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defineTestGuest,
  ROOT,
  removeTestGuest,
  type Server,
  startServe,
  stopServe,
  URI,
  virshState,
  waitFor,
} from '../../../e2e/browser/test-guests';

const NAME = 'kvmdesk-test-cli';
const runtime = mkdtempSync(join(tmpdir(), 'kvmdesk-test-run-'));
const env = { ...process.env, XDG_RUNTIME_DIR: runtime, KVMDESK_URI: URI };
let serve: Awaited<ReturnType<typeof startServe>> | undefined;
let server: Server;

/** the package script's command (node scripts/kvmdesk.mjs), with its output and status */
function kvmdesk(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', ['scripts/kvmdesk.mjs', ...args], { cwd: ROOT, env }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  await removeTestGuest(NAME);
  await defineTestGuest(NAME, { graphics: false });
  // builds out/cli when its sources changed, so the timed calls below do not
  await kvmdesk('--help');
  serve = await startServe({ XDG_RUNTIME_DIR: runtime });
  server = serve.server;
});

afterAll(async () => {
  if (serve) await stopServe(serve.child);
  await removeTestGuest(NAME);
  rmSync(runtime, { recursive: true, force: true });
});

describe('npm run kvmdesk against a running serve', () => {
  it('finds serve in its private runtime file', () => {
    const file = join(runtime, 'kvm-desk/serve.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(runtime, 'kvm-desk')).mode & 0o777).toBe(0o700);
  });

  it('--list prints the guest and its state in words, tab-separated', async () => {
    const r = await kvmdesk('--list');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toContain(`${NAME}\toff`);
  });

  it('--start starts it: virsh says running, and --list says so too', async () => {
    const r = await kvmdesk('--start', NAME);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(await virshState(NAME)).toBe('running');
    await waitFor(
      'the list to say running',
      async () => (await kvmdesk('--list')).stdout.includes(`${NAME}\trunning`) || undefined,
    );
  });

  it('--console prints the URL that opens its console', async () => {
    const r = await kvmdesk('--console', NAME);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(new RegExp(`^${server.origin}/\\?token=${server.token}#/console/`));
  });

  it('an unknown guest is exit status 2 with the reason on stderr', async () => {
    const r = await kvmdesk('--start', 'kvmdesk-test-nobody-has-this');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kvm-desk: there is no guest named "kvmdesk-test-nobody-has-this"\n');
  });

  it('serve removes its runtime file when it stops', async () => {
    await stopServe(serve!.child);
    expect(existsSync(join(runtime, 'kvm-desk/serve.json'))).toBe(false);
  });
});
