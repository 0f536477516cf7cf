// The main window and one console window per guest (opening it again focuses the first).
/// <reference types="electron-vite/node" />
import { BrowserWindow } from 'electron';
import appIconPath from '../../../assets/icon.png?asset';
import type { VmRef } from '../../../preload/contract';
import { PRELOAD, pageUrl } from './paths';
import { secureWebPreferences } from './security';

let mainWindow: BrowserWindow | undefined;
const consoles = new Map<string, BrowserWindow>();

export function showMainWindow(): BrowserWindow {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
    return mainWindow;
  }
  const win = new BrowserWindow({
    width: 1200,
    height: 760,
    minWidth: 720,
    minHeight: 480,
    title: 'KVM Desk',
    icon: appIconPath,
    show: false,
    webPreferences: secureWebPreferences(PRELOAD),
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    mainWindow = undefined;
  });
  void win.loadURL(pageUrl());
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
  const win = new BrowserWindow({
    width: 1044,
    height: 828,
    title,
    icon: appIconPath,
    webPreferences: secureWebPreferences(PRELOAD),
  });
  // closing the window closes the console only: the guest keeps running
  win.on('closed', () => consoles.delete(key));
  void win.loadURL(pageUrl(`#/console/${encodeURIComponent(ref.connection)}/${ref.uuid}`));
  consoles.set(key, win);
  return {};
}

export function allWindows(): BrowserWindow[] {
  return BrowserWindow.getAllWindows();
}
