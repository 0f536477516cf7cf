// `npm run kvmdesk` against a running `serve` and a real guest: --list prints it with its state, --start
// starts it (virsh says so), an unknown guest is exit status 2, --console prints the URL that opens it.
// serve finds itself in a temporary XDG_RUNTIME_DIR (serve.json, 0600, removed when serve stops).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defineTestGuest,
  ROOT,
  removeTestGuest,
  stopServe,
  URI,
  virshState,
} from '../../../e2e/browser/test-guests';

const NAME = 'kvmdesk-test-cli';
const runtime = mkdtempSync(join(tmpdir(), 'kvmdesk-test-run-'));
const env = { ...process.env, XDG_RUNTIME_DIR: runtime, KVMDESK_URI: URI };
let serve: ChildProcess | undefined;
let url: URL;

type Ran = { code: number; stdout: string; stderr: string };
const ran = (resolve: (r: Ran) => void) => (err: Error | null, stdout: string, stderr: string) =>
  resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr });

/** the command line as `npm run kvmdesk` runs it, once built (out/cli/kvmdesk.js) */
const kvmdesk = (...args: string[]) =>
  new Promise<Ran>((resolve) =>
    execFile('node', ['out/cli/kvmdesk.js', ...args], { cwd: ROOT, env }, ran(resolve)),
  );

/** serve's bundle (what `npm run serve` runs), started on any free port; resolves with its printed URL */
function startBundledServe(): Promise<URL> {
  serve = spawn('node', ['out/serve/serve.js', '--port', '0'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  createInterface({ input: serve.stderr! }).on('line', (l) => log.push(l));
  return new Promise((resolve, reject) => {
    createInterface({ input: serve!.stdout! }).on('line', (line) => {
      const m = /^KVM Desk: (http:\/\/\S+)/.exec(line);
      if (m) resolve(new URL(m[1] as string));
    });
    serve!.once('exit', (code) => reject(new Error(`serve exited (${code}):\n${log.join('\n')}`)));
  });
}

beforeAll(async () => {
  await removeTestGuest(NAME);
  await defineTestGuest(NAME, { graphics: false });
  // the package script itself: it builds out/cli (and this builds serve's bundle) when their sources changed
  const help = await new Promise<Ran>((resolve) =>
    execFile('node', ['scripts/kvmdesk.mjs', '--help'], { cwd: ROOT, env }, ran(resolve)),
  );
  expect(help.stdout).toMatch(/^usage: kvm-desk/);
  await new Promise<Ran>((resolve) =>
    execFile('node', ['scripts/build.mjs', 'serve'], { cwd: ROOT, env }, ran(resolve)),
  );
  url = await startBundledServe();
});

afterAll(async () => {
  if (serve) await stopServe(serve);
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

  it('--start starts it: virsh says running', async () => {
    const r = await kvmdesk('--start', NAME);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(await virshState(NAME)).toBe('running');
  });

  it('--console prints the URL that opens its console', async () => {
    const r = await kvmdesk('--console', NAME);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(
      new RegExp(`^${url.origin}/\\?token=${url.searchParams.get('token')}#/console/`),
    );
  });

  it('an unknown guest is exit status 2 with the reason on stderr', async () => {
    const r = await kvmdesk('--start', 'kvmdesk-test-nobody-has-this');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kvm-desk: there is no guest named "kvmdesk-test-nobody-has-this"\n');
  });

  it('serve removes its runtime file when it stops', async () => {
    await stopServe(serve!);
    expect(existsSync(join(runtime, 'kvm-desk/serve.json'))).toBe(false);
  });
});
