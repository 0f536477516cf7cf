// Start at login and guest shortcuts as files, in a temporary HOME (never the user's own folders): where
// they go ($XDG_CONFIG_HOME, $XDG_DATA_HOME respected), their modes, the icon file, and the validator.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  autostartEnabled,
  autostartPath,
  createShortcut,
  setAutostart,
} from '../../../main/services/desktop-files';
import type { VmSummary } from '../../../preload/contract';
import { hasValidator, validateFile } from './validate';

let home: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'kvmdesk-test-home-'));
  env = { HOME: home };
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const guest = (name: string, osFamily: VmSummary['osFamily'] = 'linux', osId = 'debian12') =>
  ({ connection: 'qemu:///system', uuid: 'u', name, osFamily, osId, osName: 'Debian 12' }) as VmSummary;

describe('start at login', () => {
  it('writes ~/.config/autostart/kvm-desk.desktop with --hidden, and removes it again', async () => {
    expect(await autostartEnabled(env)).toBe(false);
    await setAutostart(true, env);
    const path = join(home, '.config/autostart/kvm-desk.desktop');
    expect(autostartPath(env)).toBe(path);
    expect(readFileSync(path, 'utf8')).toContain('\nExec=kvm-desk --hidden\n');
    expect(await autostartEnabled(env)).toBe(true);
    if (hasValidator) expect(validateFile(path)).toEqual([]);
    await setAutostart(false, env);
    expect(await autostartEnabled(env)).toBe(false);
    await setAutostart(false, env); // already gone: nothing to do
  });

  it('follows XDG_CONFIG_HOME, and an AppImage starts itself', async () => {
    const config = join(home, 'cfg');
    await setAutostart(true, { ...env, XDG_CONFIG_HOME: config, APPIMAGE: '/home/me/KVM Desk.AppImage' });
    expect(readFileSync(join(config, 'autostart/kvm-desk.desktop'), 'utf8')).toContain(
      '\nExec="/home/me/KVM Desk.AppImage" --hidden\n',
    );
  });
});

describe('a guest’s desktop shortcut', () => {
  it('goes to the applications folder with the OS icon, and to the Desktop when asked', async () => {
    const desktop = join(home, 'Desktop');
    mkdirSync(desktop);
    const paths = await createShortcut(
      guest('web "server" $1'),
      { desktop: true },
      { env, desktopDir: async () => desktop },
    );
    expect(paths).toHaveLength(2);
    expect(paths[0]).toMatch(
      new RegExp(`^${home}/.local/share/applications/kvm-desk-web_server_1-[0-9a-f]{8}\\.desktop$`),
    );
    expect(paths[1]?.startsWith(`${desktop}/`)).toBe(true);
    const text = readFileSync(paths[0] as string, 'utf8');
    expect(text).toContain('\nExec=kvm-desk --console "web \\\\"server\\\\" \\\\$1"\n');
    const icon = join(home, '.local/share/kvm-desk/icons/os-debian.svg');
    expect(text).toContain(`\nIcon=${icon}\n`);
    expect(readFileSync(icon, 'utf8')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // file managers launch only executable files on the Desktop
    expect(statSync(paths[1] as string).mode & 0o777).toBe(0o755);
    expect(statSync(paths[0] as string).mode & 0o777).toBe(0o644);
    if (hasValidator) for (const p of paths) expect([p, validateFile(p)]).toEqual([p, []]);
  });

  it('follows XDG_DATA_HOME and skips a Desktop the user does not have', async () => {
    const data = join(home, 'data');
    const paths = await createShortcut(
      guest('win', 'windows', 'win11'),
      { desktop: true },
      {
        env: { ...env, XDG_DATA_HOME: data },
        desktopDir: async () => undefined,
      },
    );
    expect(paths).toHaveLength(1);
    expect(paths[0]?.startsWith(`${data}/applications/kvm-desk-win-`)).toBe(true);
    expect(readFileSync(paths[0] as string, 'utf8')).toContain(`Icon=${data}/kvm-desk/icons/os-windows.svg`);
  });
});
