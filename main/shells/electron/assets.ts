// The icons the main process shows. `?asset` makes electron-vite copy each file into out/main/chunks/
// (packaged apps have no assets/ folder) and gives its runtime path; the build check
// (scripts/check-electron-build.mjs) proves the copies are there.
/// <reference types="electron-vite/node" />
import appIcon from '../../../assets/icon.png?asset';
import trayIcon2x from '../../../assets/tray@2x.png?asset';
import trayIcon from '../../../assets/tray.png?asset';

export const APP_ICON = appIcon;
/** 1x and 2x (HiDPI) of the tray icon: the hashed copies lose Electron's @2x naming, so both are listed */
export const TRAY_ICONS = { 1: trayIcon, 2: trayIcon2x } as const;
