// The .desktop files KVM Desk writes (the Desktop Entry Specification 1.5): the autostart entry and a
// guest's shortcut. Pure text builders; services/desktop-files.ts writes them. Every file they make is
// checked with desktop-file-validate in the unit test.
import { createHash } from 'node:crypto';

/** the command the entries run: `kvm-desk` on PATH (deb, rpm), or the AppImage's own path */
export type Launcher = string;

// The spec's reserved characters: an argument holding any of them is quoted.
const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/**
 * One argument of Exec=. Quoted when needed, with `"`, `` ` ``, `$` and `\` escaped inside the quotes;
 * `%` doubled (a field code otherwise). The value is then escaped as every string value is (`\` twice
 * over), which is what desktop-file-validate and the launchers undo, in that order.
 */
export function execArg(arg: string): string {
  if (hasControlCharacters(arg, { tab: true }))
    throw new Error('a command-line argument cannot hold control characters');
  const percent = arg.replace(/%/g, '%%');
  if (percent !== '' && !RESERVED.test(percent)) return percent;
  return `"${percent.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
}

/** C0 controls and DEL (a tab is allowed where `tab` says: quoted, it is an ordinary letter) */
export function hasControlCharacters(text: string, allow: { tab?: boolean } = {}): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 || c === 0x7f) && !(allow.tab && c === 0x09)) return true;
  }
  return false;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/** a string value: backslashes and the control characters the spec names escaped, the others dropped */
export function stringValue(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (ESCAPES[ch] !== undefined) out += ESCAPES[ch];
    else if (c >= 0x20 && c !== 0x7f) out += ch;
  }
  return out.replace(/^ /, '\\s'); // a leading space would be trimmed
}

export function execLine(launcher: Launcher, args: string[]): string {
  return stringValue([launcher, ...args].map(execArg).join(' '));
}

/** the file name of a guest's shortcut: its name's safe letters, and a hash so "a b" and "a_b" differ */
export function shortcutFileName(connection: string, name: string): string {
  const safe =
    name
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9_-]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 40) || 'guest';
  const hash = createHash('sha256').update(`${connection}\n${name}`).digest('hex').slice(0, 8);
  return `kvm-desk-${safe}-${hash}.desktop`;
}

export const AUTOSTART_FILE = 'kvm-desk.desktop';

/** ~/.config/autostart/kvm-desk.desktop: start KVM Desk at login, in the tray */
export function autostartEntry(launcher: Launcher): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=KVM Desk',
    'Comment=Start KVM Desk in the tray at login',
    `Exec=${execLine(launcher, ['--hidden'])}`,
    'Icon=kvm-desk',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export interface ShortcutSpec {
  name: string;
  /** the guest's OS, for the comment ("Debian 12") */
  osName?: string;
  /** an icon file (absolute) or a theme icon name */
  icon: string;
}

/** a guest's shortcut: opens its console in KVM Desk (starting KVM Desk when it is not running) */
export function shortcutEntry(launcher: Launcher, spec: ShortcutSpec): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${stringValue(spec.name)}`,
    `Comment=${stringValue(`Open the console of ${spec.name}${spec.osName ? ` (${spec.osName})` : ''} in KVM Desk`)}`,
    // a name that starts with a dash would read as an option: the `--console=NAME` form keeps it a value
    `Exec=${execLine(launcher, spec.name.startsWith('-') ? [`--console=${spec.name}`] : ['--console', spec.name])}`,
    `Icon=${stringValue(spec.icon)}`,
    'Terminal=false',
    'Categories=System;Emulator;',
    'StartupWMClass=kvm-desk',
    '',
  ].join('\n');
}
