// The start-up path. The window opens at once, showing the connection as "connecting": opening libvirt
// can wait on a polkit prompt or a slow ssh host, and until then the window's calls wait (ipc.ts). If
// start-up fails, the cause goes to stderr and to a dialog, then the app quits: never an invisible process.
import { app, dialog } from 'electron';
import type { ResultOf } from '../../../preload/contract';
import type { Backend } from '../boot';
import { runCliCommand } from '../cli/run-command';
import { setupIpc } from './ipc';
import { setupMenu } from './menu';
import { setupNotifications } from './notifications';
import { setupAppProtocol } from './protocol';
import { setupSecurity } from './security';
import { setupTray } from './tray';
import { keepRunningWhenClosed } from './tray-host';
import { showMainWindow } from './windows';

export interface StartDeps {
  startBackend: () => Promise<Backend>;
  /** whether the desktop shows tray icons (tray-host.ts) */
  trayHost: () => Promise<boolean>;
  /** `--hidden` (start at login): no window, only the tray; without a tray the window shows after all */
  hidden?: boolean;
  /** `--console NAME` started the app: that guest's console window instead of the main window */
  console?: string;
}

export async function startApp(deps: StartDeps): Promise<void> {
  setupSecurity();
  setupAppProtocol();
  setupMenu();
  // until the backend and the tray host are known, closing the window quits
  let keepRunning = async () => false;
  app.on('window-all-closed', () => {
    void keepRunning().then((keep) => {
      if (!keep) app.quit();
    });
  });
  const backend = deps.startBackend();
  setupIpc(
    backend.then((b) => ({
      api: b.api,
      events: b.ctx.events,
      releaseCaller: (caller: string) => {
        b.ctx.stats.release(caller);
        b.ctx.networks.release(caller);
      },
    })),
  );
  if (!deps.hidden) showMainWindow();
  app.on('activate', () => showMainWindow());

  const [b, trayHost] = await Promise.all([backend, deps.trayHost()]);
  app.on('will-quit', () => void b.close());
  setupNotifications(b.ctx.events, () => b.ctx.settings.get());
  if (trayHost) setupTray(b.api, b.ctx.events, b.ctx.recent);
  if (deps.console !== undefined) {
    const opened = await runCliCommand({ kind: 'console', name: deps.console }, b.api);
    if (opened.exitCode !== 0) {
      process.stderr.write(opened.stderr);
      showMainWindow();
    }
  } else if (deps.hidden && !trayHost) {
    // never an invisible process: no tray to sit in, so the window after all
    console.error(
      'KVM Desk: started with --hidden, but this desktop shows no tray icons: showing the window.',
    );
    showMainWindow();
  }
  keepRunning = async () => {
    const settings = await b.api.call('settings.get', {});
    const wanted = settings.ok && (settings.value as ResultOf<'settings.get'>).keepRunningInTray;
    return keepRunningWhenClosed(trayHost, wanted);
  };
}

/** the end of a failed start: the cause on stderr and in a dialog, then quit */
export function startupFailed(err: unknown): void {
  const cause = err instanceof Error ? err.message : String(err);
  console.error('KVM Desk could not start:', err instanceof Error ? (err.stack ?? cause) : cause);
  dialog.showErrorBox('KVM Desk could not start', `${cause}\n\nKVM Desk will now quit.`);
  app.exit(1);
}
