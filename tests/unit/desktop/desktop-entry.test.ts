// The autostart entry and guests' shortcuts: their text, the Exec= quoting of odd names (read back the
// way a launcher reads it), and desktop-file-validate's verdict on every file.
import { describe, expect, it } from 'vitest';
import {
  autostartEntry,
  execArg,
  shortcutEntry,
  shortcutFileName,
  stringValue,
} from '../../../main/model/desktop-entry';
import { hasValidator, validateText } from './validate';

/** what a launcher does with an Exec= value: the string escapes, then the quoting, then %% */
function readExec(value: string): string[] {
  const unescaped = value.replace(
    /\\(.)/g,
    (_, c: string) => ({ s: ' ', n: '\n', t: '\t', r: '\r' })[c] ?? c,
  );
  const args: string[] = [];
  let i = 0;
  while (i < unescaped.length) {
    if (unescaped[i] === ' ') {
      i++;
      continue;
    }
    let arg = '';
    if (unescaped[i] === '"') {
      i++;
      while (unescaped[i] !== '"') {
        if (unescaped[i] === '\\') i++;
        arg += unescaped[i++];
      }
      i++;
    } else {
      while (i < unescaped.length && unescaped[i] !== ' ') arg += unescaped[i++];
    }
    args.push(arg.replace(/%%/g, '%'));
  }
  return args;
}

const exec = (text: string) => /^Exec=(.*)$/m.exec(text)?.[1] ?? '';

const ODD_NAMES = [
  'web server',
  'say "hi"',
  '$HOME',
  'back\\slash',
  '100%',
  "it's",
  '`id`',
  'a;b&c|d',
  'ünïcødé 名前',
  '-dash',
  ' leading',
  'tabs\tand # hash',
];

describe('desktop entries', () => {
  it('autostart runs kvm-desk --hidden', () => {
    const text = autostartEntry('kvm-desk');
    expect(text).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
    expect(exec(text)).toBe('kvm-desk --hidden');
    expect(readExec(exec(autostartEntry('/home/me/Apps/KVM Desk.AppImage')))).toEqual([
      '/home/me/Apps/KVM Desk.AppImage',
      '--hidden',
    ]);
  });

  it('a shortcut runs kvm-desk --console NAME with its icon', () => {
    const text = shortcutEntry('kvm-desk', {
      name: 'win11',
      osName: 'Windows 11',
      icon: '/i/os-windows.svg',
    });
    expect(exec(text)).toBe('kvm-desk --console win11');
    expect(text).toContain('Name=win11\n');
    expect(text).toContain('Comment=Open the console of win11 (Windows 11) in KVM Desk\n');
    expect(text).toContain('Icon=/i/os-windows.svg\n');
    expect(text).toContain('Categories=System;Emulator;\n');
  });

  it.each(ODD_NAMES)('quotes %j so the launcher reads the same name back', (name) => {
    const args = readExec(exec(shortcutEntry('kvm-desk', { name, icon: 'x' })));
    if (name.startsWith('-')) expect(args).toEqual(['kvm-desk', `--console=${name}`]);
    else expect(args).toEqual(['kvm-desk', '--console', name]);
  });

  it('quotes only what needs it and refuses control characters in an argument', () => {
    expect(execArg('plain-name_1.2')).toBe('plain-name_1.2');
    expect(execArg('a b')).toBe('"a b"');
    expect(execArg('a$b')).toBe('"a\\$b"');
    expect(execArg('')).toBe('""');
    expect(() => execArg('a\nb')).toThrow(/control characters/);
    expect(stringValue('a\\b\nc')).toBe('a\\\\b\\nc');
  });

  it('names each guest file with safe letters and a hash, so similar names never collide', () => {
    expect(shortcutFileName('qemu:///system', 'Web Server')).toMatch(
      /^kvm-desk-Web_Server-[0-9a-f]{8}\.desktop$/,
    );
    expect(shortcutFileName('qemu:///system', 'a b')).not.toBe(shortcutFileName('qemu:///system', 'a_b'));
    expect(shortcutFileName('qemu:///system', '名前')).toMatch(/^kvm-desk-guest-[0-9a-f]{8}\.desktop$/);
  });

  it.skipIf(!hasValidator)('desktop-file-validate passes the autostart entry and every odd shortcut', () => {
    expect(validateText(autostartEntry('kvm-desk'), 'kvm-desk.desktop')).toEqual([]);
    expect(validateText(autostartEntry('/home/me/KVM Desk $1.AppImage'), 'kvm-desk.desktop')).toEqual([]);
    for (const name of ODD_NAMES) {
      const text = shortcutEntry('kvm-desk', { name, osName: 'Debian 12', icon: '/tmp/os-debian.svg' });
      expect([name, validateText(text, shortcutFileName('qemu:///system', name))]).toEqual([name, []]);
    }
  });
});
