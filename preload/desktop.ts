// The contract's part for the desktop around KVM Desk: a guest's desktop shortcut. contract.ts
// re-exports it. (Start at login is a setting: Settings.startAtLogin.)
import type { VmRef } from './guests';

export interface ShortcutArgs extends VmRef {
  /** also put it on the Desktop folder (xdg-user-dir DESKTOP), when the user has one */
  desktop?: boolean;
}

export interface ShortcutResult {
  /** the .desktop files written: the applications menu's first, then the Desktop's */
  paths: string[];
}
