// The Electron app's command socket: a second `kvm-desk --start NAME` hands its arguments to the running
// instance here and prints the answer. Electron's second-instance event carries argv one way only (the
// first instance cannot reply, and the second exits at once), so the reply needs a channel of its own; a
// unix socket in the private runtime folder (0700, the socket 0600) is reachable by this user alone,
// with no token to keep and no port another user could connect to. One JSON line each way.
import { chmod, unlink } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { EXIT } from '../../model/cli-args';
import type { CliAnswer } from './run-command';
import { COMMAND_SOCKET, ensureRuntimeDir, runtimeDir } from './runtime-dir';

export interface CommandRequest {
  /** the user's arguments (cli-args.ts userArgs) */
  args: string[];
}

const MAX_LINE = 64 * 1024;

/** listens for commands; `answer` runs each. Only the instance holding the single-instance lock calls it. */
export async function serveCommands(
  answer: (req: CommandRequest) => Promise<CliAnswer>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Server> {
  const path = join(await ensureRuntimeDir(env), COMMAND_SOCKET);
  // we hold the lock, so a socket left here is a crashed instance's
  await unlink(path).catch(() => undefined);
  const server = createServer((sock) => {
    let buf = '';
    sock.setEncoding('utf8');
    sock.on('error', () => sock.destroy());
    sock.on('data', (chunk: string) => {
      buf += chunk;
      if (buf.length > MAX_LINE) return sock.destroy();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      sock.pause();
      let req: CommandRequest;
      try {
        req = JSON.parse(buf.slice(0, nl)) as CommandRequest;
        if (!Array.isArray(req.args) || !req.args.every((a) => typeof a === 'string')) throw new Error();
      } catch {
        sock.end(
          `${JSON.stringify({ exitCode: EXIT.usage, stdout: '', stderr: 'kvm-desk: a malformed request\n' })}\n`,
        );
        return;
      }
      answer(req)
        .catch(
          (err: Error): CliAnswer => ({
            exitCode: EXIT.failed,
            stdout: '',
            stderr: `kvm-desk: ${err.message}\n`,
          }),
        )
        .then((a) => sock.end(`${JSON.stringify(a)}\n`));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  await chmod(path, 0o600);
  server.on('close', () => void unlink(path).catch(() => undefined));
  return server;
}

/** the second instance's half: send the arguments, wait for the answer (or say the first is not there) */
export function sendCommand(
  req: CommandRequest,
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 120_000,
): Promise<CliAnswer> {
  const path = join(runtimeDir(env), COMMAND_SOCKET);
  return new Promise((resolve) => {
    const sock = connect(path);
    let buf = '';
    const done = (a: CliAnswer) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(a);
    };
    const timer = setTimeout(
      () =>
        done({
          exitCode: EXIT.failed,
          stdout: '',
          stderr: 'kvm-desk: the running KVM Desk did not answer\n',
        }),
      timeoutMs,
    );
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(`${JSON.stringify(req)}\n`));
    sock.on('data', (chunk: string) => {
      buf += chunk;
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        try {
          done(JSON.parse(buf.slice(0, nl)) as CliAnswer);
        } catch {
          done({ exitCode: EXIT.failed, stdout: '', stderr: 'kvm-desk: a malformed answer\n' });
        }
      }
    });
    sock.on('error', (err) =>
      done({
        exitCode: EXIT.failed,
        stdout: '',
        stderr: `kvm-desk: KVM Desk is running but its command socket (${path}) does not answer: ${err.message}\n`,
      }),
    );
  });
}
