// settings.startAtLogin and vms.createShortcut through the api: the desktop app writes the files (into a
// temporary HOME here, never the user's), the browser shell answers UNSUPPORTED with why, bad input is
// INVALID_INPUT.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../../main/api';
import type { ApiContext } from '../../../main/api/context';
import { SettingsStore } from '../../../main/services/settings';
import type { VmSummary } from '../../../preload/contract';

const UUID = '11111111-2222-4333-8444-555555555555';
const vm = {
  connection: 'qemu:///system',
  uuid: UUID,
  name: 'kvmdesk-test web',
  osFamily: 'bsd',
} as VmSummary;
const saved = { ...process.env };
let home: string;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'kvmdesk-test-home-'));
  process.env.HOME = home;
  process.env.XDG_CONFIG_HOME = join(home, 'config');
  process.env.XDG_DATA_HOME = join(home, 'data');
  delete process.env.APPIMAGE;
});
afterEach(() => {
  process.env = { ...saved };
  rmSync(home, { recursive: true, force: true });
});

function api(kind: 'electron' | 'browser') {
  const ctx = {
    shell: { kind },
    settings: new SettingsStore(join(home, 'kvm-desk')),
    connections: {
      list: () => [],
      get: () => ({ store: { get: (uuid: string) => (uuid === UUID ? vm : undefined) } }),
    },
  } as unknown as ApiContext;
  return createApi(ctx);
}

describe('start at login through the api', () => {
  it('the desktop app writes and removes the autostart entry; settings.get reads the file', async () => {
    const a = api('electron');
    const on = await a.call('settings.set', { startAtLogin: true });
    expect(on).toMatchObject({ ok: true, value: { startAtLogin: true } });
    const file = join(home, 'config/autostart/kvm-desk.desktop');
    expect(readFileSync(file, 'utf8')).toContain('Exec=kvm-desk --hidden');
    expect(await a.call('settings.get', {})).toMatchObject({ ok: true, value: { startAtLogin: true } });
    await a.call('settings.set', { startAtLogin: false });
    expect(existsSync(file)).toBe(false);
    // it is the file, not settings.json
    expect(readFileSync(join(home, 'kvm-desk/settings.json'), 'utf8')).not.toContain('startAtLogin');
  });

  it('the browser shell refuses it, saying whose it is', async () => {
    const r = await api('browser').call('settings.set', { startAtLogin: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED', detail: { field: 'startAtLogin' } } });
    expect(existsSync(join(home, 'config/autostart'))).toBe(false);
    expect(await api('browser').call('settings.get', {})).toMatchObject({ value: { startAtLogin: false } });
  });
});

describe('vms.createShortcut', () => {
  it('writes the guest’s shortcut in the desktop app', async () => {
    const r = await api('electron').call('vms.createShortcut', { connection: vm.connection, uuid: UUID });
    expect(r.ok).toBe(true);
    const [path] = (r as { value: { paths: string[] } }).value.paths;
    expect(path?.startsWith(join(home, 'data/applications/kvm-desk-kvmdesk-test_web-'))).toBe(true);
    expect(readFileSync(path as string, 'utf8')).toContain('Exec=kvm-desk --console "kvmdesk-test web"');
  });

  it('answers NOT_FOUND for a guest it does not know, UNSUPPORTED in the browser shell, and checks input', async () => {
    const other = { connection: vm.connection, uuid: UUID.replace('1', '9') };
    expect(await api('electron').call('vms.createShortcut', other)).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });
    const ref = { connection: vm.connection, uuid: UUID };
    expect(await api('browser').call('vms.createShortcut', ref)).toMatchObject({
      error: { code: 'UNSUPPORTED' },
    });
    expect(await api('electron').call('vms.createShortcut', { ...ref, desktop: 'yes' })).toMatchObject({
      error: { code: 'INVALID_INPUT' },
    });
    expect(existsSync(join(home, 'data/applications'))).toBe(false);
  });
});
