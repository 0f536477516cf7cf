// A stand-in for the `electron` module: no Electron runtime can be installed here (the npm package comes
// without its binary), so the shell's tests use `vi.mock('electron', () => import('./fake-electron'))`.
// It is the only thing mocked. Each fake records what the shell asked of it; resetFake() between tests.
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

let nextId = 1;

class FakeWebContents extends EventEmitter {
  id = nextId++;
  destroyed = false;
  sent: unknown[][] = [];
  isDestroyed = () => this.destroyed;
  send = (...args: unknown[]) => this.sent.push(args);
  setWindowOpenHandler = vi.fn();
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  static getAllWindows = () => BrowserWindow.instances.filter((w) => !w.destroyed);
  /** the window with focus (a test sets it); null: focus is elsewhere on the desktop */
  static focused: BrowserWindow | null = null;
  static getFocusedWindow = () => BrowserWindow.focused;
  static fromWebContents = (wc: unknown) => BrowserWindow.instances.find((w) => w.webContents === wc) ?? null;

  webContents = new FakeWebContents();
  url = '';
  destroyed = false;
  minimized = false;
  bounds = { x: 0, y: 0, width: 800, height: 600 };
  show = vi.fn();
  focus = vi.fn();
  restore = vi.fn(() => {
    this.minimized = false;
  });
  constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
    super();
    BrowserWindow.instances.push(this);
  }
  loadURL = async (url: string) => {
    this.url = url;
  };
  isDestroyed = () => this.destroyed;
  isMinimized = () => this.minimized;
  isMaximized = () => false;
  isFullScreen = () => false;
  getBounds = () => this.bounds;
  setBounds = (b: typeof this.bounds) => {
    this.bounds = b;
  };
  /** what the user closing the window does */
  close() {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  getVersion = () => '0.1.0';
  quit = vi.fn();
  exit = vi.fn();
  whenReady = () => Promise.resolve();
  requestSingleInstanceLock = () => true;
}
export const app = new FakeApp();

export const dialog = {
  showErrorBox: vi.fn(),
  showOpenDialog: vi.fn(),
  /** answers the first button (response 0) unless a test says otherwise */
  showMessageBox: vi.fn(async (_options: Electron.MessageBoxOptions) => ({ response: 0 })),
};

/** records each notification made and shown; `emit('click')` is the user clicking it */
export class Notification extends EventEmitter {
  static instances: Notification[] = [];
  static isSupported = () => true;
  shown = false;
  constructor(readonly options: Electron.NotificationConstructorOptions) {
    super();
    Notification.instances.push(this);
  }
  show = () => {
    this.shown = true;
  };
}

export const Menu = {
  applicationMenu: undefined as unknown,
  buildFromTemplate: (template: Electron.MenuItemConstructorOptions[]) => ({ template }),
  setApplicationMenu: (menu: unknown) => {
    Menu.applicationMenu = menu;
  },
};

export class FakeImage {
  representations: { scaleFactor: number; buffer?: Buffer }[] = [];
  constructor(readonly path: string) {}
  isEmpty = () => this.path === '';
  toPNG = () => Buffer.from(`png of ${this.path}`);
  addRepresentation = (r: { scaleFactor: number; buffer?: Buffer }) => this.representations.push(r);
}
export const nativeImage = {
  createFromPath: (path: string) => new FakeImage(path),
  createEmpty: () => new FakeImage(''),
};

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  menu: { template: Electron.MenuItemConstructorOptions[] } | undefined;
  setToolTip = vi.fn();
  destroy = vi.fn();
  constructor(readonly image: FakeImage) {
    super();
    Tray.instances.push(this);
  }
  setContextMenu = (menu: { template: Electron.MenuItemConstructorOptions[] }) => {
    this.menu = menu;
  };
}

const handlers = () => ({
  permissionRequest: undefined as unknown,
  permissionCheck: undefined as unknown,
  devicePermission: undefined as unknown,
  headersReceived: undefined as unknown,
});
export const session = {
  defaultSession: {
    handlers: handlers(),
    setPermissionRequestHandler: (h: unknown) => {
      session.defaultSession.handlers.permissionRequest = h;
    },
    setPermissionCheckHandler: (h: unknown) => {
      session.defaultSession.handlers.permissionCheck = h;
    },
    setDevicePermissionHandler: (h: unknown) => {
      session.defaultSession.handlers.devicePermission = h;
    },
    webRequest: {
      onHeadersReceived: (h: unknown) => {
        session.defaultSession.handlers.headersReceived = h;
      },
    },
  },
};

export const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };

export const ipcMain = {
  handlers: new Map<string, (...args: unknown[]) => unknown>(),
  listeners: new Map<string, (...args: unknown[]) => unknown>(),
  handle: (channel: string, h: (...args: unknown[]) => unknown) => ipcMain.handlers.set(channel, h),
  on: (channel: string, h: (...args: unknown[]) => unknown) => ipcMain.listeners.set(channel, h),
};

export const screen = {
  getDisplayMatching: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
};

/** a fresh app and no windows, trays, menus or handlers */
export function resetFake(): void {
  app.removeAllListeners();
  app.isPackaged = false;
  app.quit.mockReset();
  app.exit.mockReset();
  BrowserWindow.instances = [];
  BrowserWindow.focused = null;
  Tray.instances = [];
  Menu.applicationMenu = undefined;
  session.defaultSession.handlers = handlers();
  ipcMain.handlers.clear();
  ipcMain.listeners.clear();
  dialog.showErrorBox.mockReset();
  dialog.showMessageBox.mockClear();
  Notification.instances = [];
}
