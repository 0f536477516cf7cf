// The main window and one console window per guest (opening it again focuses the first), sized to the
// guest's screen once the console knows it. Every window is made by appWindow(), the one place that sets
// webPreferences, written out literally so a reader (and electronegativity) sees them.
import { BrowserWindow, type BrowserWindowConstructorOptions, type Rectangle, screen } from 'electron';
import type { VmRef } from '../../../preload/contract';
import { consoleHash } from '../../../preload/routes';
import { APP_ICON } from './assets';
import { PRELOAD, pageUrl } from './paths';

let mainWindow: BrowserWindow | undefined;
const consoles = new Map<string, BrowserWindow>();

type WindowOptions = Omit<BrowserWindowConstructorOptions, 'webPreferences'>;

function appWindow(options: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    icon: APP_ICON,
    ...options,
    webPreferences: {
      // electronegativity asks for a review of every preload: ours exposes only window.kvm (the contract's
      // calls, whose sender main checks in ipc-sender.ts), never ipcRenderer or Node
      preload: PRELOAD, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // a middle click would try to open a window (denied anyway): do not even ask
      disableBlinkFeatures: 'Auxclick',
    },
  });
  return win;
}

/**
 * Shows (or opens) the main window; `hash` moves it to a route (a guest's, '#/new' for the wizard): on an
 * open window the same page with another hash is an in-page navigation, the page follows its hashchange.
 */
export function showMainWindow(hash = ''): BrowserWindow {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    if (hash) void mainWindow.loadURL(pageUrl(hash));
    mainWindow.show();
    mainWindow.focus();
    return mainWindow;
  }
  const win = appWindow({
    width: 1200,
    height: 760,
    minWidth: 720,
    minHeight: 480,
    title: 'KVM Desk',
    show: false,
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    mainWindow = undefined;
  });
  void win.loadURL(pageUrl(hash));
  mainWindow = win;
  return win;
}

export function openConsoleWindow(ref: VmRef, title = 'Console'): { url?: string } {
  const key = `${ref.connection}\n${ref.uuid}`;
  const open = consoles.get(key);
  if (open && !open.isDestroyed()) {
    if (open.isMinimized()) open.restore();
    open.focus();
    return {};
  }
  const win = appWindow({ width: 1044, height: 828, title });
  // The console page asks for the size that shows the guest's screen 1:1 (window.resizeTo, once its first
  // frame has a size: ConsoleView's fitWindowToGuest); we grant it within the work area of the window's
  // display, keeping the window on screen, instead of Electron's default of taking it as asked.
  win.webContents.on('content-bounds-updated', (event, bounds) => {
    event.preventDefault();
    if (!win.isDestroyed() && !win.isMaximized() && !win.isFullScreen())
      win.setBounds(withinWorkArea(win, bounds));
  });
  // closing the window closes the console only: the guest keeps running
  win.on('closed', () => consoles.delete(key));
  void win.loadURL(pageUrl(consoleHash(ref.connection, ref.uuid)));
  consoles.set(key, win);
  return {};
}

/** how many guest console windows are open (Quit asks first while there are any) */
export function openConsoleCount(): number {
  return [...consoles.values()].filter((w) => !w.isDestroyed()).length;
}

/** The asked size, no larger than the display's work area, moved so the whole window is on it. */
export function withinWorkArea(win: BrowserWindow, asked: Rectangle): Rectangle {
  const now = win.getBounds();
  const area = screen.getDisplayMatching(now).workArea;
  const width = Math.max(320, Math.min(Math.round(asked.width), area.width));
  const height = Math.max(240, Math.min(Math.round(asked.height), area.height));
  const x = Math.min(Math.max(now.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(now.y, area.y), area.y + area.height - height);
  return { x, y, width, height };
}
