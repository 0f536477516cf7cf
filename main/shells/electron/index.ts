// The Electron app's entry: one instance, the app scheme registered before ready, then startup.ts.
import { app } from 'electron';
import { type Backend, startBackend } from '../boot';
import { pickFile } from './file-picker';
import { registerAppScheme } from './protocol';
import { startApp, startupFailed } from './startup';
import { hasTrayHost } from './tray-host';
import { openConsoleWindow, showMainWindow } from './windows';

function backend(): Promise<Backend> {
  return startBackend({
    kind: 'electron',
    pickFile,
    openConsoleWindow: (ref, name) => openConsoleWindow(ref, name ? `${name} – Console` : 'Console'),
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  app.on('second-instance', () => showMainWindow());
  app
    .whenReady()
    .then(() => startApp({ startBackend: backend, trayHost: () => hasTrayHost() }))
    .catch(startupFailed);
}
