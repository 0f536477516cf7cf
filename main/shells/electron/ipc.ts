// IPC: one channel for calls, one for events. Calls from anything but our own pages are refused; events
// for a page wait until its preload says it is listening (kvm:ready). Set up before the backend is
// ready: the window opens at once, and its calls wait for the backend (startup.ts).
import { BrowserWindow, type IpcMainInvokeEvent, ipcMain, type WebContents } from 'electron';
import type { Api } from '../../api';
import type { EventBus } from '../../services/events';
import { callerWindow } from './file-picker';
import { answerCall, fromOwnPage as fromOwnPageOf } from './ipc-sender';

const isOurWindow = (wc: WebContents) => BrowserWindow.fromWebContents(wc) !== null;
const fromOwnPage = (e: { sender: WebContents; senderFrame: Electron.WebFrameMain | null }) =>
  fromOwnPageOf(e, isOurWindow);

/** a window's caller id: its watches (stats) are released when its page goes */
export const windowCaller = (webContentsId: number) => `win${webContentsId}`;

export function setupIpc(
  backend: Promise<{ api: Api; events: EventBus; releaseCaller?: (caller: string) => void }>,
): void {
  const ready = new Set<number>();
  const queued = new Map<number, [string, unknown][]>();

  // each call runs knowing its window: hooks such as the file picker open modal on it
  ipcMain.handle('kvm:call', (e: IpcMainInvokeEvent, method: unknown, args: unknown) =>
    callerWindow.run(BrowserWindow.fromWebContents(e.sender), async () =>
      answerCall((await backend).api, e, isOurWindow, method, args, windowCaller(e.sender.id)),
    ),
  );

  const watched = new Set<number>();
  ipcMain.on('kvm:ready', (e) => {
    if (!fromOwnPage(e)) return;
    const wc = e.sender;
    const id = wc.id;
    ready.add(id);
    for (const [event, payload] of queued.get(id) ?? []) wc.send('kvm:event', event, payload);
    queued.delete(id);
    if (watched.has(id)) return;
    watched.add(id);
    wc.once('destroyed', () => {
      void backend.then((b) => b.releaseCaller?.(windowCaller(id))).catch(() => undefined);
      ready.delete(id);
      queued.delete(id);
      watched.delete(id);
    });
    // a reload starts over: queue again until the new page is ready (hash routes keep the page)
    wc.on('did-start-navigation', (details) => {
      if (!details.isMainFrame || details.isSameDocument) return;
      ready.delete(id);
      // the old page's watches go with it (the new page watches what it shows)
      void backend.then((b) => b.releaseCaller?.(windowCaller(id))).catch(() => undefined);
    });
  });

  const forward = (events: EventBus) =>
    events.onAny((event, payload) => {
      for (const win of BrowserWindow.getAllWindows()) {
        const wc = win.webContents;
        if (wc.isDestroyed()) continue;
        if (ready.has(wc.id)) wc.send('kvm:event', event, payload);
        else {
          const q = queued.get(wc.id) ?? [];
          if (q.length < 10_000) q.push([event, payload]);
          queued.set(wc.id, q);
        }
      }
    });
  // a backend that fails to start is startup.ts's to report
  backend.then((b) => forward(b.events)).catch(() => undefined);
}
