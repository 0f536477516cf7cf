// `kvm-desk --start NAME` and friends in the desktop app. The first process holds Electron's
// single-instance lock and answers commands on its command socket (../cli/command-socket.ts says why a
// socket); a second process parses its own arguments, sends them there and exits with the answer's
// status. A plain second `kvm-desk` (no command) only raises the first one's window (second-instance).
import { app } from 'electron';
import { type CliCommand, EXIT, parseCliArgs, USAGE, userArgs } from '../../model/cli-args';
import type { Backend } from '../boot';
import { sendCommand, serveCommands } from '../cli/command-socket';
import { type CliAnswer, runCliCommand } from '../cli/run-command';

/** what second-instance's additionalData carries: a command is answered on the socket, not by a window */
export interface InstanceData {
  kvmDeskCommand?: boolean;
}

export type Launch =
  /** this process is the app: open it (hidden: tray only), and run `command` once it is up */
  | { kind: 'app'; hidden: boolean; console?: string }
  /** this process runs a command without any window (no instance was running) and exits */
  | { kind: 'headless'; command: CliCommand }
  /** this process has done its part (printed, handed over) and is exiting */
  | { kind: 'done' };

function print(a: CliAnswer): void {
  if (a.stdout) process.stdout.write(a.stdout);
  if (a.stderr) process.stderr.write(a.stderr);
}

/** decides what this process is; exits itself when it is a second instance or was asked wrongly */
export function launch(argv: string[] = process.argv): Launch {
  const parsed = parseCliArgs(userArgs(argv, app.isPackaged));
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n`);
    app.exit(parsed.exitCode);
    return { kind: 'done' };
  }
  const command = parsed.command;
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    app.exit(EXIT.ok);
    return { kind: 'done' };
  }
  const data: InstanceData = { kvmDeskCommand: command.kind !== 'open' };
  if (!app.requestSingleInstanceLock(data as Record<string, unknown>)) {
    if (command.kind === 'open') {
      app.quit(); // the first instance shows its window (second-instance)
      return { kind: 'done' };
    }
    void sendCommand({ args: userArgs(argv, app.isPackaged) }).then((a) => {
      print(a);
      app.exit(a.exitCode);
    });
    return { kind: 'done' };
  }
  if (command.kind === 'open') return { kind: 'app', hidden: command.hidden };
  // a console is a window: it starts the app with that window only (closing it quits, unless a tray)
  if (command.kind === 'console') return { kind: 'app', hidden: true, console: command.name };
  return { kind: 'headless', command };
}

/** the first instance answers the others' commands with its own api (a console opens its window) */
export function setupCommandSocket(backend: Promise<Backend>): void {
  void serveCommands(async ({ args }) => {
    const parsed = parseCliArgs(args);
    if (!parsed.ok) return { exitCode: parsed.exitCode, stdout: '', stderr: `${parsed.message}\n` };
    return runCliCommand(parsed.command, (await backend).api);
  }).catch((err: Error) =>
    console.error(
      `KVM Desk: no command socket (${err.message}); kvm-desk --start will not reach this instance`,
    ),
  );
}

/** the first (and only) instance with a command: run it without a window and exit with its status */
export async function runHeadless(command: CliCommand, backend: () => Promise<Backend>): Promise<void> {
  let b: Backend | undefined;
  try {
    b = await backend();
    const answer = await runCliCommand(command, b.api);
    print(answer);
    await b.close();
    app.exit(answer.exitCode);
  } catch (err) {
    process.stderr.write(`kvm-desk: ${(err as Error).message}\n`);
    await b?.close().catch(() => undefined);
    app.exit(EXIT.failed);
  }
}
