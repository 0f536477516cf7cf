// The command line of `kvm-desk` (Electron) and `npm run kvmdesk` (browser shell), parsed without any
// I/O: what to do, or the message and exit status for a mistake. Both shells share it, so a script sees
// the same options and the same statuses from either.
import { parseArgs } from 'node:util';

/** exit statuses: a script can tell "you asked wrongly" (2) from "it did not work" (1) */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export type CliCommand =
  | { kind: 'start' | 'console' | 'shutdown'; name: string }
  | { kind: 'list' }
  | { kind: 'help' }
  /** no command: open (or show) the app; `hidden` starts it in the tray without a window */
  | { kind: 'open'; hidden: boolean };

export type CliParse = { ok: true; command: CliCommand } | { ok: false; message: string; exitCode: number };

export const USAGE = `usage: kvm-desk [--hidden] | --start NAME | --console NAME | --shutdown NAME | --list | --help
  --start NAME     start the guest NAME
  --console NAME   open the console of the guest NAME
  --shutdown NAME  ask the guest NAME to shut down (ACPI)
  --list           print every guest and its state, one a line: NAME<tab>STATE
  --hidden         start KVM Desk in the tray, without a window (start at login uses it)
  --help           print this
exit status: 0 done, 1 it failed (libvirt's message on stderr), 2 unknown option or guest`;

const OPTIONS = {
  start: { type: 'string' },
  console: { type: 'string' },
  shutdown: { type: 'string' },
  list: { type: 'boolean' },
  hidden: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const usage = (message: string): CliParse => ({
  ok: false,
  message: `kvm-desk: ${message}\n${USAGE}`,
  exitCode: EXIT.usage,
});

/** `argv` is the user's arguments only (no node, electron or script path) */
export function parseCliArgs(argv: readonly string[]): CliParse {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    // node's messages name the option: "Unknown option '--strat'", "Option '--start <value>' argument missing"
    return usage(((err as Error).message.split('. ')[0] ?? 'bad arguments').replace(/\.$/, ''));
  }
  if (values.help) return { ok: true, command: { kind: 'help' } };
  const actions = (['start', 'console', 'shutdown', 'list'] as const).filter((k) => values[k] !== undefined);
  if (actions.length > 1) return usage(`choose one of ${actions.map((a) => `--${a}`).join(', ')}`);
  const action = actions[0];
  if (action !== undefined && values.hidden)
    return usage(`--hidden starts the app; it does not go with --${action}`);
  if (action === undefined) return { ok: true, command: { kind: 'open', hidden: values.hidden === true } };
  if (action === 'list') return { ok: true, command: { kind: 'list' } };
  const name = String(values[action]);
  if (name.trim() === '') return usage(`--${action} needs a guest's name`);
  return { ok: true, command: { kind: action, name } };
}

/**
 * The user's arguments out of a process's argv: Electron's argv is [binary, ...args] when packaged and
 * [electron, appPath, ...args] in development; Chromium's own switches (--no-sandbox, --enable-features=…)
 * that a desktop or Electron adds are not ours and are left out.
 */
export function userArgs(argv: readonly string[], packaged: boolean): string[] {
  const ours = new Set(
    Object.keys(OPTIONS)
      .flatMap((k) => [`--${k}`])
      .concat('-h'),
  );
  const rest = argv.slice(packaged ? 1 : 2);
  const out: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    const key = a.split('=')[0] as string;
    if (!a.startsWith('-') || ours.has(key)) {
      out.push(a);
      continue;
    }
    // a Chromium switch: --flag or --flag=value (never followed by a separate value)
    if (CHROMIUM_SWITCH.test(key)) continue;
    out.push(a);
  }
  return out;
}

// the switches Electron and desktops put on a command line (the rest are reported as unknown)
const CHROMIUM_SWITCH =
  /^--(no-sandbox|disable-gpu|disable-gpu-sandbox|enable-features|disable-features|ozone-platform(-hint)?|enable-wayland-ime|allow-file-access-from-files|enable-logging|v|vmodule|user-data-dir|inspect(-brk)?|remote-debugging-port|original-process-start-time|gtk-version)$/;

/** A guest's state in words, for `--list` (VmState is libvirt's word; these read as sentences do) */
export function stateInWords(state: string): string {
  const words: Record<string, string> = {
    running: 'running',
    blocked: 'running',
    paused: 'paused',
    shutdown: 'shutting down',
    shutoff: 'off',
    crashed: 'crashed',
    pmsuspended: 'suspended',
    nostate: 'unknown',
  };
  return words[state] ?? state;
}
