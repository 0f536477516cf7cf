// The application menu: the usual roles, nothing that loads remote content. Every item's accelerator
// comes from the app's one shortcut table (preload/shortcuts.ts), so none collides with the guest list's
// keys (Ctrl+R is Reboot there; the menu's Reload is F5).
import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import { MENU_SHORTCUTS } from '../../../preload/shortcuts';

type Role = keyof typeof MENU_SHORTCUTS;
const item = (role: Role): MenuItemConstructorOptions => ({ role, accelerator: MENU_SHORTCUTS[role] });
const separator: MenuItemConstructorOptions = { type: 'separator' };

/** the menu as data: `dev` adds the developer tools */
export function menuTemplate(opts: { dev: boolean; version: string }): MenuItemConstructorOptions[] {
  return [
    { label: 'File', submenu: [item('close'), item('quit')] },
    {
      label: 'Edit',
      submenu: [
        item('undo'),
        item('redo'),
        separator,
        item('cut'),
        item('copy'),
        item('paste'),
        item('selectAll'),
      ],
    },
    {
      label: 'View',
      submenu: [
        item('reload'),
        ...(opts.dev ? [item('toggleDevTools')] : []),
        separator,
        item('resetZoom'),
        item('zoomIn'),
        item('zoomOut'),
        separator,
        item('togglefullscreen'),
      ],
    },
    { label: 'Window', submenu: [item('minimize')] },
    { label: 'Help', submenu: [{ label: `KVM Desk ${opts.version}`, enabled: false }] },
  ];
}

export function setupMenu(): void {
  const template = menuTemplate({ dev: !app.isPackaged, version: app.getVersion() });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
