// `npm start` on a machine where Electron cannot run (no binary to be had, or no display): it says why in
// one line, starts the browser shell instead and prints a URL that answers. The test runs the README's
// command itself, without a display, so the fallback is taken wherever the suite runs.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
let child: ChildProcess | undefined;

afterAll(() => {
  // npm, bash and the server share the process group the test gave them
  if (child?.pid) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
});

function waitForLine(
  proc: ChildProcess,
  pattern: RegExp,
  ms: number,
): Promise<{ line: string; log: string }> {
  return new Promise((done, fail) => {
    let log = '';
    const timer = setTimeout(() => fail(new Error(`no line matching ${pattern} in ${ms} ms:\n${log}`)), ms);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const line = log.split('\n').find((l) => pattern.test(l));
      if (line) {
        clearTimeout(timer);
        done({ line, log });
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.on('exit', (code) => fail(new Error(`npm start exited (${code}) before printing a URL:\n${log}`)));
  });
}

describe('npm start where Electron cannot run', () => {
  it('says why in one line, starts the browser shell and prints a URL that answers 200', async () => {
    const env = { ...process.env };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    child = spawn('npm', ['start'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const { line, log } = await waitForLine(child, /^KVM Desk: http:\/\/\S+token=/, 600_000);

    const fallback = log.split('\n').filter((l) => l.includes('starting the browser shell instead'));
    expect(fallback).toHaveLength(1);
    expect(fallback[0]).toMatch(
      /^KVM Desk: (Electron's binary could not be downloaded \(.+\)|there is no display .+); starting the browser shell instead\.$/,
    );

    const url = line.replace(/^KVM Desk: /, '');
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root">');
  }, 660_000);
});
