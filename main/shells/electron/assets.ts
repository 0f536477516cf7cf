// The icons the main process shows. `?asset` makes electron-vite copy each file into out/main/chunks/
// (packaged apps have no assets/ folder) and gives its runtime path; the build check
// (scripts/check-electron-build.mjs) proves the copies are there.
/// <reference types="electron-vite/node" />
import appIcon from '../../../assets/icon.png?asset';
import trayIcon2x from '../../../assets/tray@2x.png?asset';
import trayIcon from '../../../assets/tray.png?asset';
import offIcon2x from '../../../assets/tray-states/off@2x.png?asset';
import offIcon from '../../../assets/tray-states/off.png?asset';
import pausedIcon2x from '../../../assets/tray-states/paused@2x.png?asset';
import pausedIcon from '../../../assets/tray-states/paused.png?asset';
import runningIcon2x from '../../../assets/tray-states/running@2x.png?asset';
import runningIcon from '../../../assets/tray-states/running.png?asset';
import savedIcon2x from '../../../assets/tray-states/saved@2x.png?asset';
import savedIcon from '../../../assets/tray-states/saved.png?asset';
import type { StateIcon } from './tray-menu';

export const APP_ICON = appIcon;
/** 1x and 2x (HiDPI) of the tray icon: the hashed copies lose Electron's @2x naming, so both are listed */
export const TRAY_ICONS = { 1: trayIcon, 2: trayIcon2x } as const;
/** the tray menu's guest-state icons, 1x and 2x (assets/render-state-icons.ts draws them) */
export const STATE_ICONS: Record<StateIcon, { 1: string; 2: string }> = {
  running: { 1: runningIcon, 2: runningIcon2x },
  paused: { 1: pausedIcon, 2: pausedIcon2x },
  saved: { 1: savedIcon, 2: savedIcon2x },
  off: { 1: offIcon, 2: offIcon2x },
};
