// Is there a tray to sit in? Electron shows its Tray on Linux through the StatusNotifierItem protocol
// (AppIndicator); without a watcher on the session bus (GNOME without the extension, no bus at all) the
// icon never appears, and an app "kept in the tray" would be an invisible process. No Electron here.
import { execFile } from 'node:child_process';

type Exec = (file: string, args: string[], cb: (err: Error | null, stdout: string) => void) => void;

const ASK = [
  '--session',
  '--print-reply',
  '--dest=org.freedesktop.DBus',
  '/org/freedesktop/DBus',
  'org.freedesktop.DBus.NameHasOwner',
  'string:org.kde.StatusNotifierWatcher',
];

/** true when the session bus has a StatusNotifierWatcher; false when it has none, no bus, or no dbus-send */
export function hasTrayHost(
  exec: Exec = (f, a, cb) => execFile(f, a, { timeout: 3000 }, cb),
): Promise<boolean> {
  return new Promise((resolve) => {
    exec('dbus-send', ASK, (err, stdout) => resolve(!err && /\bboolean true\b/.test(String(stdout))));
  });
}

/** closing the last window quits unless a tray shows the app and the user wants it kept there */
export function keepRunningWhenClosed(trayHost: boolean, keepRunningInTray: boolean): boolean {
  return trayHost && keepRunningInTray;
}
