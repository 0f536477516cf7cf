// One shortcut table, no collisions: every accelerator of the application menu and of the guest list's
// keys is unique (CmdOrCtrl == Ctrl, case-insensitive), and every menu item states its accelerator.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { menuTemplate, setupMenu } from '../../../main/shells/electron/menu';
import {
  GUEST_SHORTCUTS,
  normalizeAccelerator,
  SHELL_SHORTCUTS,
  shortcutHotkey,
  shortcutLabel,
  windowShortcuts,
} from '../../../preload/shortcuts';
import { GUEST_ACTIONS } from '../../../renderer/features/vm-list/actions';
import { Menu } from './fake-electron';

type Item = Electron.MenuItemConstructorOptions;
const items = (template: Item[]): Item[] =>
  template.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? items(i.submenu) : [])]);

describe('the shortcut table', () => {
  it('normalises accelerators: CmdOrCtrl is Ctrl, case and modifier order do not matter', () => {
    expect(normalizeAccelerator('CmdOrCtrl+Shift+R')).toBe(normalizeAccelerator('shift+ctrl+r'));
    expect(normalizeAccelerator('CommandOrControl+Plus')).toBe(normalizeAccelerator('Ctrl+='));
    expect(normalizeAccelerator('CmdOrCtrl+R')).not.toBe(normalizeAccelerator('CmdOrCtrl+Shift+R'));
  });

  it('gives every accelerator of the menu (dev build, the larger one) and of the renderer once', () => {
    const menu = items(menuTemplate({ dev: true, version: '0' }))
      .filter((i) => i.accelerator)
      .map((i) => ({ what: `menu ${String(i.role ?? i.label)}`, key: String(i.accelerator) }));
    // the desktop app: its menu and its window's keys share one keyboard
    const renderer = Object.entries(windowShortcuts('electron')).map(([what, key]) => ({
      what: `guest ${what}`,
      key,
    }));
    const seen = new Map<string, string>();
    for (const { what, key } of [...menu, ...renderer]) {
      const k = normalizeAccelerator(key);
      expect(seen.get(k), `${what} (${key}) collides`).toBeUndefined();
      seen.set(k, what);
    }
    expect(menu.length).toBeGreaterThan(10);
    expect(seen.get(normalizeAccelerator('Ctrl+R'))).toBe('guest reboot');
    expect(seen.get(normalizeAccelerator('F5'))).toBe('menu reload');
  });

  it('leaves no menu role to its implicit default accelerator', () => {
    for (const i of items(menuTemplate({ dev: true, version: '0' })))
      if (i.role) expect(i.accelerator, `role ${i.role}`).toBeTruthy();
  });

  it('is what the guest list binds and shows', () => {
    expect(GUEST_ACTIONS.reboot.shortcut).toEqual({ label: 'Ctrl+R', hotkey: 'mod+R' });
    expect(GUEST_ACTIONS.shutdown.shortcut).toEqual({
      label: shortcutLabel(GUEST_SHORTCUTS.shutdown),
      hotkey: shortcutHotkey(GUEST_SHORTCUTS.shutdown),
    });
    expect(shortcutHotkey('CmdOrCtrl+Alt+N')).toBe('mod+alt+N');
  });

  it('binds New guest to Ctrl+N in the desktop app and Ctrl+Alt+N in a browser, which keeps Ctrl+N', () => {
    expect(windowShortcuts('electron').newGuest).toBe('CmdOrCtrl+N');
    expect(windowShortcuts('browser').newGuest).toBe('CmdOrCtrl+Alt+N');
    // keys a browser never hands to a page: the browser shell binds none of them
    const reserved = [
      'Ctrl+N',
      'Ctrl+T',
      'Ctrl+W',
      'Ctrl+Shift+N',
      'Ctrl+Shift+T',
      'Ctrl+Tab',
      'Ctrl+Shift+W',
    ];
    const browser = Object.values(windowShortcuts('browser')).map(normalizeAccelerator);
    for (const key of reserved) expect(browser).not.toContain(normalizeAccelerator(key));
    // within each shell, the window's keys are unique too
    for (const shell of Object.keys(SHELL_SHORTCUTS) as (keyof typeof SHELL_SHORTCUTS)[]) {
      const keys = Object.values(windowShortcuts(shell)).map(normalizeAccelerator);
      expect(new Set(keys).size, shell).toBe(keys.length);
    }
  });
});

describe('the application menu', () => {
  it('has the developer tools only in a development build', () => {
    const roles = (dev: boolean) => items(menuTemplate({ dev, version: '1.2.3' })).map((i) => i.role);
    expect(roles(true)).toContain('toggleDevTools');
    expect(roles(false)).not.toContain('toggleDevTools');
  });

  it('is set as the application menu, with the version in Help', () => {
    setupMenu();
    const menu = Menu.applicationMenu as { template: Item[] };
    expect(items(menu.template).some((i) => i.label === 'KVM Desk 0.1.0')).toBe(true);
  });
});
