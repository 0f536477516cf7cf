// kvm-desk's command line: what each option asks for, and the message and exit status 2 for a mistake.
import { describe, expect, it } from 'vitest';
import { EXIT, parseCliArgs, stateInWords, userArgs } from '../../../main/model/cli-args';
import { runCliCommand } from '../../../main/shells/cli/run-command';
import type { ApiResult, VmSummary } from '../../../preload/contract';

describe('parsing kvm-desk arguments', () => {
  it('reads each command with its guest name', () => {
    expect(parseCliArgs(['--start', 'web server'])).toEqual({
      ok: true,
      command: { kind: 'start', name: 'web server' },
    });
    expect(parseCliArgs(['--console=win11'])).toEqual({
      ok: true,
      command: { kind: 'console', name: 'win11' },
    });
    expect(parseCliArgs(['--shutdown', 'db'])).toEqual({
      ok: true,
      command: { kind: 'shutdown', name: 'db' },
    });
    expect(parseCliArgs(['--list'])).toEqual({ ok: true, command: { kind: 'list' } });
    expect(parseCliArgs(['--help'])).toEqual({ ok: true, command: { kind: 'help' } });
    expect(parseCliArgs(['-h'])).toEqual({ ok: true, command: { kind: 'help' } });
  });

  it('opens the app without a command, in the tray with --hidden', () => {
    expect(parseCliArgs([])).toEqual({ ok: true, command: { kind: 'open', hidden: false } });
    expect(parseCliArgs(['--hidden'])).toEqual({ ok: true, command: { kind: 'open', hidden: true } });
  });

  it('keeps a name that starts with a dash when written --console=NAME', () => {
    expect(parseCliArgs(['--console=-odd'])).toEqual({
      ok: true,
      command: { kind: 'console', name: '-odd' },
    });
  });

  it.each([
    [['--strat', 'x'], /Unknown option '--strat'/],
    [['--start'], /--start.*argument missing/],
    [['--start', ''], /--start needs a guest's name/],
    [['--start', 'a', '--list'], /choose one of --start, --list/],
    [['--hidden', '--list'], /--hidden starts the app/],
    [['stray'], /Unexpected argument 'stray'|positional/i],
  ])('refuses %j with a message on stderr and exit status 2', (argv, message) => {
    const r = parseCliArgs(argv);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.exitCode).toBe(2);
    expect(r.message).toMatch(message);
    expect(r.message).toMatch(/^kvm-desk: /);
    expect(r.message).toContain('usage: kvm-desk');
  });

  it('takes the user arguments out of Electron argv, packaged or not, without Chromium switches', () => {
    expect(userArgs(['/opt/KVM Desk/kvm-desk', '--list'], true)).toEqual(['--list']);
    expect(userArgs(['/x/electron', '/x/app', '--start', 'a'], false)).toEqual(['--start', 'a']);
    expect(userArgs(['/bin/kvm-desk', '--no-sandbox', '--enable-features=X', '--list'], true)).toEqual([
      '--list',
    ]);
    // anything else stays, so the parser can say it is unknown
    expect(userArgs(['/bin/kvm-desk', '--bogus'], true)).toEqual(['--bogus']);
  });

  it('says states in words', () => {
    expect(['running', 'paused', 'shutoff', 'shutdown', 'pmsuspended'].map(stateInWords)).toEqual([
      'running',
      'paused',
      'off',
      'shutting down',
      'suspended',
    ]);
  });
});

const vm = (name: string, state: VmSummary['state'], connection = 'qemu:///system'): VmSummary =>
  ({
    connection,
    uuid: `00000000-0000-0000-0000-${name.length.toString().padStart(12, '0')}`,
    name,
    state,
  }) as VmSummary;

function fakeApi(vms: VmSummary[], answers: Record<string, ApiResult<unknown>> = {}) {
  const calls: [string, unknown][] = [];
  return {
    calls,
    call: async (method: string, args: unknown): Promise<ApiResult<unknown>> => {
      calls.push([method, args]);
      if (method === 'app.snapshot') return { ok: true, value: { connections: [], vms } };
      return answers[method] ?? { ok: true, value: undefined };
    },
  };
}

describe('running a command over the api', () => {
  it('--list prints one guest a line, name and state in words, tab-separated, by name', async () => {
    const a = await runCliCommand({ kind: 'list' }, fakeApi([vm('b', 'running'), vm('a b', 'shutoff')]));
    expect(a).toEqual({ exitCode: 0, stdout: 'a b\toff\nb\trunning\n', stderr: '' });
  });

  it('--start finds the guest by name and starts it', async () => {
    const api = fakeApi([vm('web', 'shutoff')]);
    expect((await runCliCommand({ kind: 'start', name: 'web' }, api)).exitCode).toBe(0);
    expect(api.calls.at(-1)).toEqual([
      'vms.start',
      { connection: 'qemu:///system', uuid: vm('web', 'shutoff').uuid },
    ]);
  });

  it('an unknown guest is exit status 2; libvirt refusing is 1 with its message', async () => {
    const unknown = await runCliCommand({ kind: 'shutdown', name: 'nope' }, fakeApi([vm('web', 'running')]));
    expect(unknown).toMatchObject({
      exitCode: EXIT.usage,
      stderr: 'kvm-desk: there is no guest named "nope"\n',
    });
    const refused = await runCliCommand(
      { kind: 'start', name: 'web' },
      fakeApi([vm('web', 'running')], {
        'vms.start': { ok: false, error: { code: 'LIBVIRT', message: 'domain is already running' } },
      }),
    );
    expect(refused).toMatchObject({
      exitCode: EXIT.failed,
      stderr: 'kvm-desk: web: domain is already running\n',
    });
  });

  it('a name on two connections is not enough', async () => {
    const a = await runCliCommand(
      { kind: 'start', name: 'x' },
      fakeApi([vm('x', 'shutoff'), vm('x', 'shutoff', 'qemu+ssh://h/system')]),
    );
    expect(a.exitCode).toBe(2);
    expect(a.stderr).toContain('2 connections have a guest named "x"');
  });

  it('--console prints the browser shell URL that opens it, or says why it cannot', async () => {
    const api = fakeApi([vm('web', 'running')], {
      'console.openWindow': { ok: true, value: { url: '#/console/q/u' } },
    });
    const a = await runCliCommand({ kind: 'console', name: 'web' }, api, {
      consoleUrl: (route) => `http://127.0.0.1:8390/?token=t${route}`,
    });
    expect(a.stdout).toBe('http://127.0.0.1:8390/?token=t#/console/q/u\n');
    const none = await runCliCommand({ kind: 'console', name: 'web' }, api, { noConsole: 'no serve' });
    expect(none).toMatchObject({ exitCode: 1, stderr: 'kvm-desk: no serve\n' });
  });
});
