// kvm-desk's command line in the desktop app, against the stand-in for `electron` (fake-electron.ts):
// which process does what (single-instance lock), the command socket that carries a second instance's
// command to the first and its answer back (real unix socket, temporary XDG_RUNTIME_DIR), and --hidden.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { EventBus } from '../../../main/services/events';
import type { Backend } from '../../../main/shells/boot';
import { sendCommand, serveCommands } from '../../../main/shells/cli/command-socket';
import { launch, runHeadless } from '../../../main/shells/electron/command-line';
import { startApp } from '../../../main/shells/electron/startup';
import type { VmSummary } from '../../../preload/contract';
import { app, BrowserWindow, resetFake } from './fake-electron';

let runtime: string;
let server: Server | undefined;
const originalRuntime = process.env.XDG_RUNTIME_DIR;

beforeEach(() => {
  resetFake();
  app.isPackaged = true;
  runtime = mkdtempSync(join(tmpdir(), 'kvmdesk-test-run-'));
  process.env.XDG_RUNTIME_DIR = runtime;
});
afterEach(() => {
  server?.close();
  server = undefined;
  vi.restoreAllMocks();
  process.env.XDG_RUNTIME_DIR = originalRuntime;
  rmSync(runtime, { recursive: true, force: true });
});

const argv = (...args: string[]) => ['/usr/bin/kvm-desk', ...args];

function output() {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  return {
    stdout: () => out.mock.calls.map((c) => String(c[0])).join(''),
    stderr: () => err.mock.calls.map((c) => String(c[0])).join(''),
  };
}

describe('the first kvm-desk process', () => {
  it('opens the app, in the tray with --hidden, with one console for --console NAME', () => {
    expect(launch(argv())).toEqual({ kind: 'app', hidden: false });
    expect(launch(argv('--hidden'))).toEqual({ kind: 'app', hidden: true });
    expect(launch(argv('--console', 'web'))).toEqual({ kind: 'app', hidden: true, console: 'web' });
  });

  it('runs --list, --start and --shutdown without a window', () => {
    expect(launch(argv('--list'))).toEqual({ kind: 'headless', command: { kind: 'list' } });
    expect(launch(argv('--start', 'web'))).toEqual({
      kind: 'headless',
      command: { kind: 'start', name: 'web' },
    });
  });

  it('refuses an unknown option on stderr with exit status 2, before taking the lock', () => {
    const io = output();
    const lock = vi.spyOn(app, 'requestSingleInstanceLock');
    expect(launch(argv('--strat', 'web'))).toEqual({ kind: 'done' });
    expect(app.exit).toHaveBeenCalledWith(2);
    expect(io.stderr()).toMatch(/^kvm-desk: Unknown option '--strat'/);
    expect(lock).not.toHaveBeenCalled();
  });

  it('prints --help and exits 0', () => {
    const io = output();
    launch(argv('--help'));
    expect(io.stdout()).toMatch(/^usage: kvm-desk/);
    expect(app.exit).toHaveBeenCalledWith(0);
  });
});

describe('a second kvm-desk process', () => {
  it('hands its command to the first over the command socket and exits with the answer', async () => {
    const asked: string[][] = [];
    server = await serveCommands(async ({ args }) => {
      asked.push(args);
      return { exitCode: 2, stdout: '', stderr: 'kvm-desk: there is no guest named "nope"\n' };
    });
    // the socket is this user's alone: the folder 0700, the socket 0600
    expect(statSync(join(runtime, 'kvm-desk')).mode & 0o777).toBe(0o700);
    expect(statSync(join(runtime, 'kvm-desk/command.sock')).mode & 0o777).toBe(0o600);
    const io = output();
    vi.spyOn(app, 'requestSingleInstanceLock').mockReturnValue(false);
    expect(launch(argv('--start', 'nope'))).toEqual({ kind: 'done' });
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(2));
    expect(asked).toEqual([['--start', 'nope']]);
    expect(io.stderr()).toBe('kvm-desk: there is no guest named "nope"\n');
  });

  it('without a command only raises the first one’s window (its second-instance event), marked as such', () => {
    const lock = vi.spyOn(app, 'requestSingleInstanceLock').mockReturnValue(false);
    expect(launch(argv())).toEqual({ kind: 'done' });
    expect(lock).toHaveBeenCalledWith({ kvmDeskCommand: false });
    expect(app.quit).toHaveBeenCalled();
  });

  it('says so when the first instance’s socket does not answer', async () => {
    const a = await sendCommand({ args: ['--list'] });
    expect(a.exitCode).toBe(1);
    expect(a.stderr).toMatch(/command socket .* does not answer/);
  });

  it('a malformed request is answered with status 2, not a crash', async () => {
    server = await serveCommands(async () => ({ exitCode: 0, stdout: '', stderr: '' }));
    const a = await sendCommand({ args: 'not a list' as unknown as string[] });
    expect(a).toMatchObject({ exitCode: 2, stderr: 'kvm-desk: a malformed request\n' });
  });
});

function fakeBackend(vms: VmSummary[] = []): Backend {
  const answers: Record<string, () => unknown> = {
    'app.snapshot': () => ({ connections: [], vms }),
    'settings.get': () => ({ keepRunningInTray: true }),
    'console.openWindow': () => ({}),
  };
  return {
    ctx: { events: new EventBus() },
    api: { call: vi.fn(async (m: string) => ({ ok: true, value: answers[m]?.() })) },
    close: vi.fn(async () => {}),
  } as unknown as Backend;
}

describe('--hidden (start at login)', () => {
  it('opens no window where there is a tray', async () => {
    await startApp({ startBackend: async () => fakeBackend(), trayHost: async () => true, hidden: true });
    expect(BrowserWindow.instances).toHaveLength(0);
  });

  it('shows the window where the desktop has no tray: never an invisible process', async () => {
    const said = vi.spyOn(console, 'error').mockImplementation(() => {});
    await startApp({ startBackend: async () => fakeBackend(), trayHost: async () => false, hidden: true });
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(said).toHaveBeenCalledWith(expect.stringMatching(/--hidden, but this desktop shows no tray/));
  });

  it('--console NAME opens that guest’s console instead of the main window', async () => {
    const backend = fakeBackend([
      { connection: 'qemu:///system', uuid: 'u1', name: 'web', state: 'running' } as VmSummary,
    ]);
    await startApp({
      startBackend: async () => backend,
      trayHost: async () => false,
      hidden: true,
      console: 'web',
    });
    expect(backend.api.call).toHaveBeenCalledWith('console.openWindow', {
      connection: 'qemu:///system',
      uuid: 'u1',
    });
    expect(BrowserWindow.instances).toHaveLength(0);
  });
});

describe('a command with no KVM Desk running', () => {
  it('runs without a window, prints its answer and exits with its status', async () => {
    const io = output();
    const backend = fakeBackend([
      { connection: 'qemu:///system', uuid: 'u1', name: 'web', state: 'shutoff' } as VmSummary,
    ]);
    await runHeadless({ kind: 'list' }, async () => backend);
    expect(io.stdout()).toBe('web\toff\n');
    expect(backend.close).toHaveBeenCalled();
    expect(app.exit).toHaveBeenCalledWith(0);
    expect(BrowserWindow.instances).toHaveLength(0);
  });
});
