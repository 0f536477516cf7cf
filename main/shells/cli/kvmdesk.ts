// `npm run kvmdesk -- --list`: the command line for the browser shell. It talks to a running `serve`
// (found in $XDG_RUNTIME_DIR/kvm-desk/serve.json: its address and token, readable by this user alone)
// over the same WebSocket api as the page; when none runs, it opens libvirt itself with the same
// backend serve uses (boot.ts) for this one command. Exit statuses are cli-args.ts's.
import WebSocket from 'ws';
import type { ApiResult } from '../../../preload/contract';
import { API_PATH } from '../../../preload/wire';
import { EXIT, parseCliArgs, USAGE } from '../../model/cli-args';
import { startBackend } from '../boot';
import { type CliAnswer, type CliApi, runCliCommand } from './run-command';
import { readServeInfo } from './runtime-dir';

/** serve's api over its WebSocket, or undefined when it does not answer */
function connectToServe(url: string): Promise<(CliApi & { close(): void }) | undefined> {
  const page = new URL(url);
  const ws = new WebSocket(`ws://${page.host}${API_PATH}?token=${page.searchParams.get('token') ?? ''}`);
  const waiting = new Map<number, (r: ApiResult<unknown>) => void>();
  let seq = 0;
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { id?: number; result?: ApiResult<unknown> };
    if (msg.id !== undefined && msg.result) waiting.get(msg.id)?.(msg.result);
  });
  const gone = () => {
    for (const resolve of waiting.values())
      resolve({ ok: false, error: { code: 'DISCONNECTED', message: 'serve closed the connection' } });
    waiting.clear();
  };
  ws.on('close', gone);
  return new Promise((resolve) => {
    ws.once('error', () => resolve(undefined));
    ws.once('open', () =>
      resolve({
        call: (method, args) =>
          new Promise((answer) => {
            const id = ++seq;
            waiting.set(id, answer);
            ws.send(JSON.stringify({ id, method, args }));
          }),
        close: () => ws.close(),
      }),
    );
  });
}

async function main(argv: string[]): Promise<CliAnswer> {
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) return { exitCode: parsed.exitCode, stdout: '', stderr: `${parsed.message}\n` };
  const command = parsed.command;
  if (command.kind === 'help') return { exitCode: EXIT.ok, stdout: `${USAGE}\n`, stderr: '' };
  if (command.kind === 'open')
    return {
      exitCode: EXIT.usage,
      stdout: '',
      stderr: `kvm-desk: the browser shell is opened with \`npm run serve\`${command.hidden ? ' (--hidden is the desktop app’s)' : ''}\n${USAGE}\n`,
    };
  const info = await readServeInfo();
  const serve = info && (await connectToServe(info.url));
  if (serve && info) {
    try {
      return await runCliCommand(command, serve, { consoleUrl: (route) => `${info.url}${route}` });
    } finally {
      serve.close();
    }
  }
  // no serve: libvirt directly, for this one command
  const backend = await startBackend({ kind: 'browser' });
  try {
    return await runCliCommand(command, backend.api, {
      noConsole: 'no KVM Desk is running to open a console in: start `npm run serve` first',
    });
  } finally {
    await backend.close();
  }
}

main(process.argv.slice(2)).then(
  (a) => {
    if (a.stdout) process.stdout.write(a.stdout);
    if (a.stderr) process.stderr.write(a.stderr);
    process.exitCode = a.exitCode;
  },
  (err: Error) => {
    process.stderr.write(`kvm-desk: ${err.message}\n`);
    process.exitCode = EXIT.failed;
  },
);
