// Every keyboard shortcut of the app in one table: the application menu's (main/shells/electron/menu.ts)
// and the guest list's (renderer/features/vm-list/actions.ts). Both import it, so a new shortcut is checked
// against all the others (tests/unit/electron/shortcuts.test.ts). Electron's accelerator notation; main
// must never import from renderer/, so the table sits here, next to the contract. Data only, no imports.

/** the menu's items: each gets its accelerator from here (never a role's implicit default) */
export const MENU_SHORTCUTS = {
  close: 'CmdOrCtrl+W',
  quit: 'CmdOrCtrl+Q',
  undo: 'CmdOrCtrl+Z',
  redo: 'CmdOrCtrl+Shift+Z',
  cut: 'CmdOrCtrl+X',
  copy: 'CmdOrCtrl+C',
  paste: 'CmdOrCtrl+V',
  selectAll: 'CmdOrCtrl+A',
  // not Ctrl+R: that reboots the selected guest
  reload: 'F5',
  toggleDevTools: 'CmdOrCtrl+Shift+I',
  resetZoom: 'CmdOrCtrl+0',
  zoomIn: 'CmdOrCtrl+Plus',
  zoomOut: 'CmdOrCtrl+-',
  togglefullscreen: 'F11',
  minimize: 'CmdOrCtrl+M',
} as const;

/** the guest list's keys (the main window's renderer) */
export const GUEST_SHORTCUTS = {
  start: 'CmdOrCtrl+Enter',
  shutdown: 'CmdOrCtrl+Shift+S',
  forceOff: 'CmdOrCtrl+Shift+F',
  reboot: 'CmdOrCtrl+R',
  reset: 'CmdOrCtrl+Shift+R',
  pauseResume: 'CmdOrCtrl+P',
  delete: 'Delete',
} as const;

export type Shell = 'electron' | 'browser';

/**
 * Keys whose binding depends on the shell. New guest is Ctrl+N in the desktop app; a browser keeps Ctrl+N
 * for its own new window (the page never sees it), so the browser shell uses Ctrl+Alt+N.
 */
export const SHELL_SHORTCUTS = {
  electron: { newGuest: 'CmdOrCtrl+N' },
  browser: { newGuest: 'CmdOrCtrl+Alt+N' },
} as const satisfies Record<Shell, Record<string, string>>;

/** every key the window binds in this shell: the guest list's plus the shell's own */
export function windowShortcuts(shell: Shell) {
  return { ...GUEST_SHORTCUTS, ...SHELL_SHORTCUTS[shell] };
}

const words = (accelerator: string) => accelerator.split('+').map((k) => (k === '' ? '+' : k));

/** what users read: 'CmdOrCtrl+Shift+S' -> 'Ctrl+Shift+S' (a Linux app) */
export function shortcutLabel(accelerator: string): string {
  return words(accelerator)
    .map((k) => (/^(CmdOrCtrl|CommandOrControl)$/i.test(k) ? 'Ctrl' : k))
    .join('+');
}

/** @mantine/hooks' notation: 'CmdOrCtrl+Shift+S' -> 'mod+shift+S' */
export function shortcutHotkey(accelerator: string): string {
  return words(accelerator)
    .map((k) =>
      /^(CmdOrCtrl|CommandOrControl)$/i.test(k) ? 'mod' : /^(Shift|Alt|Ctrl)$/.test(k) ? k.toLowerCase() : k,
    )
    .join('+');
}

/** one spelling per key combination: modifiers sorted, CmdOrCtrl == Ctrl, case-insensitive */
export function normalizeAccelerator(accelerator: string): string {
  const alias: Record<string, string> = {
    cmdorctrl: 'ctrl',
    commandorcontrol: 'ctrl',
    control: 'ctrl',
    mod: 'ctrl',
    option: 'alt',
    plus: '+',
    '=': '+', // Ctrl+= and Ctrl+Plus are the same key on a US keyboard
    return: 'enter',
  };
  const keys = words(accelerator).map((k) => alias[k.toLowerCase()] ?? k.toLowerCase());
  const mods = ['ctrl', 'alt', 'shift', 'super'];
  const held = mods.filter((m) => keys.includes(m));
  return [...held, ...keys.filter((k) => !mods.includes(k))].join('+');
}
