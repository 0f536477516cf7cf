// The Electron app's entry: the command line first (command-line.ts: a second instance hands its command
// to the first and exits), then one instance with the app scheme registered before ready, then startup.ts.
import { app } from 'electron';
import { type Backend, startBackend } from '../boot';
import { type InstanceData, launch, runHeadless, setupCommandSocket } from './command-line';
import { pickFile } from './file-picker';
import { registerAppScheme } from './protocol';
import { startApp, startupFailed } from './startup';
import { hasTrayHost } from './tray-host';
import { openConsoleWindow, showMainWindow } from './windows';

let started: Promise<Backend> | undefined;
/** one backend per process: start-up and the command socket share it */
function backend(): Promise<Backend> {
  started ??= startBackend({
    kind: 'electron',
    pickFile,
    openConsoleWindow: (ref, name) => openConsoleWindow(ref, name ? `${name} – Console` : 'Console'),
  });
  return started;
}

const how = launch();
if (how.kind === 'headless') {
  void runHeadless(how.command, backend);
} else if (how.kind === 'app') {
  registerAppScheme();
  app.on('second-instance', (_event, _argv, _cwd, data) => {
    // a command (--start NAME) is answered on the command socket; a plain `kvm-desk` raises the window
    if (!(data as InstanceData | undefined)?.kvmDeskCommand) showMainWindow();
  });
  app
    .whenReady()
    .then(() => {
      setupCommandSocket(backend());
      return startApp({
        startBackend: backend,
        trayHost: () => hasTrayHost(),
        hidden: how.hidden,
        console: how.console,
      });
    })
    .catch(startupFailed);
}
