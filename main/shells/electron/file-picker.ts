// files.pick in Electron: the desktop's own open-file dialog, modal on the window that asked. The api
// validates the arguments (main/api/create.ts) and calls the shell's pickFile hook; which window asked is
// carried from the IPC handler through the async call chain (ipc.ts runs each call inside callerWindow).
import { AsyncLocalStorage } from 'node:async_hooks';
import { BrowserWindow, dialog, type FileFilter } from 'electron';
import type { FilePickerOptions } from '../../../preload/contract';

/** the window whose page made the api call being run */
export const callerWindow = new AsyncLocalStorage<BrowserWindow | null>();

const FILTERS: Record<FilePickerOptions['filters'], FileFilter[]> = {
  iso: [
    { name: 'ISO images', extensions: ['iso'] },
    { name: 'All files', extensions: ['*'] },
  ],
  disk: [
    { name: 'Disk images (qcow2, raw)', extensions: ['qcow2', 'raw', 'img'] },
    { name: 'All files', extensions: ['*'] },
  ],
};

// where libvirt keeps images on the system connection; the dialog opens there the first time
const DEFAULT_DIR = '/var/lib/libvirt/images';

export async function pickFile(args: FilePickerOptions): Promise<{ path?: string }> {
  const win = callerWindow.getStore() ?? BrowserWindow.getFocusedWindow();
  const options: Electron.OpenDialogOptions = {
    title: args.title,
    defaultPath: DEFAULT_DIR,
    properties: ['openFile', 'dontAddToRecent'],
    filters: FILTERS[args.filters],
  };
  const r =
    win && !win.isDestroyed()
      ? await dialog.showOpenDialog(win, options)
      : await dialog.showOpenDialog(options);
  return r.canceled || r.filePaths.length === 0 ? {} : { path: r.filePaths[0] };
}
