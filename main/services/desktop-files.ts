// The .desktop files KVM Desk puts in the user's XDG folders: the autostart entry (the "Start at login"
// setting) and a guest's shortcut. Where they go follows $XDG_CONFIG_HOME and $XDG_DATA_HOME (tests pass
// a temporary HOME: never the real user's folders); the content comes from model/desktop-entry.ts.
import { execFile } from 'node:child_process';
import { chmod, mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { VmSummary } from '../../preload/contract';
import { osIconKey } from '../../preload/os-icon';
import {
  AUTOSTART_FILE,
  autostartEntry,
  type Launcher,
  shortcutEntry,
  shortcutFileName,
} from '../model/desktop-entry';
import { osIconSvg } from '../model/os-icon-svg';

export interface XdgPlaces {
  env?: NodeJS.ProcessEnv;
  /** the Desktop folder (xdg-user-dir DESKTOP); undefined when the user has none */
  desktopDir?: () => Promise<string | undefined>;
}

const home = (env: NodeJS.ProcessEnv) => env.HOME || homedir();
export const configHome = (env: NodeJS.ProcessEnv = process.env) =>
  env.XDG_CONFIG_HOME || join(home(env), '.config');
export const dataHome = (env: NodeJS.ProcessEnv = process.env) =>
  env.XDG_DATA_HOME || join(home(env), '.local', 'share');

export const autostartPath = (env: NodeJS.ProcessEnv = process.env) =>
  join(configHome(env), 'autostart', AUTOSTART_FILE);

/** the AppImage runs from wherever the user keeps it ($APPIMAGE); the packages put kvm-desk on PATH */
export function launcher(env: NodeJS.ProcessEnv = process.env): Launcher {
  return env.APPIMAGE || 'kvm-desk';
}

/** write-then-rename, so a desktop never reads half a file */
async function writeAtomically(path: string, text: string, mode = 0o644): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode });
  await chmod(tmp, mode);
  await rename(tmp, path);
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

export function autostartEnabled(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  return exists(autostartPath(env));
}

/** writes or removes ~/.config/autostart/kvm-desk.desktop (only that file: the folder stays) */
export async function setAutostart(enabled: boolean, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const path = autostartPath(env);
  if (!enabled) {
    await unlink(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    return;
  }
  await mkdir(join(path, '..'), { recursive: true });
  await writeAtomically(path, autostartEntry(launcher(env)));
}

/** `xdg-user-dir DESKTOP`, when installed and the folder exists (it answers $HOME when none is set) */
export function xdgDesktopDir(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('xdg-user-dir', ['DESKTOP'], { env, timeout: 3000 }, async (err, stdout) => {
      const dir = String(stdout).trim();
      if (err || dir === '' || dir === home(env)) return resolve(undefined);
      resolve(
        (await stat(dir)
          .then((s) => s.isDirectory())
          .catch(() => false))
          ? dir
          : undefined,
      );
    });
  });
}

/** the guest's OS icon as a file the shortcut names (one file per icon, shared by the guests) */
async function iconFile(vm: VmSummary, env: NodeJS.ProcessEnv): Promise<string> {
  const key = osIconKey(vm.osFamily, vm.osId);
  const dir = join(dataHome(env), 'kvm-desk', 'icons');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `os-${key}.svg`);
  await writeAtomically(path, osIconSvg(key));
  return path;
}

/**
 * The guest's shortcut in ~/.local/share/applications (the desktop's menu and search) and, when asked
 * and the user has one, on the Desktop (executable there: file managers only launch those). Answers the
 * files written.
 */
export async function createShortcut(
  vm: VmSummary,
  opts: { desktop: boolean },
  places: XdgPlaces = {},
): Promise<string[]> {
  const env = places.env ?? process.env;
  const text = shortcutEntry(launcher(env), {
    name: vm.name,
    osName: vm.osName,
    icon: await iconFile(vm, env),
  });
  const file = shortcutFileName(vm.connection, vm.name);
  const apps = join(dataHome(env), 'applications');
  await mkdir(apps, { recursive: true });
  const written = [join(apps, file)];
  await writeAtomically(written[0] as string, text);
  if (opts.desktop) {
    const desktop = await (places.desktopDir ?? (() => xdgDesktopDir(env)))();
    if (desktop) {
      const path = join(desktop, file);
      await writeAtomically(path, text, 0o755);
      written.push(path);
    }
  }
  return written;
}
