// The Electron app: each feature is a setupX() called once when the app is ready.
import { app } from 'electron';
import { startBackend } from '../boot';
import { pickFile } from './file-picker';
import { setupIpc } from './ipc';
import { setupMenu } from './menu';
import { registerAppScheme, setupAppProtocol } from './protocol';
import { setupSecurity } from './security';
import { setupTray } from './tray';
import { openConsoleWindow, showMainWindow } from './windows';

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  app.on('second-instance', () => showMainWindow());
  // the tray keeps guests within reach: closing the last window does not quit
  app.on('window-all-closed', () => undefined);

  void app.whenReady().then(async () => {
    setupSecurity();
    setupAppProtocol();
    setupMenu();
    const backend = await startBackend({
      kind: 'electron',
      pickFile,
      openConsoleWindow: (ref) => {
        const name = backend.ctx.connections
          .list()
          .flatMap((c) => c.store.list())
          .find((v) => v.uuid === ref.uuid)?.name;
        return openConsoleWindow(ref, name ? `${name} – Console` : 'Console');
      },
    });
    setupIpc(backend.api, backend.ctx.events);
    setupTray(backend.ctx);
    showMainWindow();
    app.on('activate', () => showMainWindow());
    app.on('will-quit', () => void backend.close());
  });
}
