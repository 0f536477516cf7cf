// The Linux packages' metadata, read from electron-builder.yml: what the AppImage, deb and rpm carry
// (dependencies on libvirt's daemon, QEMU, swtpm and OVMF; the desktop entry; icons 16-512; the kvm-desk
// command on PATH). Building the packages needs Electron's binary, which cannot be fetched here.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { hasValidator, validateFile } from './validate';

const ROOT = resolve(import.meta.dirname, '../../..');

interface BuilderConfig {
  linux: {
    target: string[];
    category: string;
    icon: string;
    executableName: string;
    desktop: { entry: Record<string, string> };
  };
  deb: { depends: string[]; afterInstall?: string };
  rpm: { depends: string[]; afterInstall?: string };
}

const config = load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

/** a PNG's size from its IHDR chunk */
function pngSize(path: string): [number, number] {
  const b = readFileSync(path);
  expect(b.subarray(1, 4).toString()).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('electron-builder.yml', () => {
  it('builds an AppImage, a deb and an rpm', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb', 'rpm']);
  });

  it('the deb depends on libvirt’s daemon, QEMU, swtpm and OVMF (Debian names)', () => {
    expect(config.deb.depends).toEqual(
      expect.arrayContaining(['libvirt-daemon-system', 'qemu-system-x86', 'swtpm', 'ovmf']),
    );
  });

  it('the rpm depends on them under Fedora’s names', () => {
    expect(config.rpm.depends.some((d) => /^libvirt-daemon(-kvm)?$/.test(d))).toBe(true);
    expect(config.rpm.depends).toEqual(expect.arrayContaining(['qemu-kvm', 'swtpm', 'edk2-ovmf']));
  });

  it('its desktop entry is in System and Emulator', () => {
    expect(config.linux.category).toBe('System');
    expect(config.linux.desktop.entry.Categories).toBe('System;Emulator;');
    expect(config.linux.desktop.entry.StartupWMClass).toBe(config.linux.executableName);
  });

  it('has every icon size from 16 to 512, each the size its name says', () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(join(ROOT, config.linux.icon, `${size}x${size}.png`))).toEqual([size, size]);
    }
  });

  it('puts kvm-desk on PATH: deb and rpm link /usr/bin/kvm-desk to the executable', () => {
    expect(config.linux.executableName).toBe('kvm-desk');
    // no afterInstall of our own: electron-builder's links /usr/bin/${executable} (update-alternatives or ln -s)
    expect(config.deb.afterInstall).toBeUndefined();
    expect(config.rpm.afterInstall).toBeUndefined();
    const script = readFileSync(
      join(ROOT, 'node_modules/app-builder-lib/templates/linux/after-install.tpl'),
      'utf8',
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: electron-builder's own template placeholders
    expect(script).toContain("ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'");
  });

  it.skipIf(!hasValidator)('the source tree’s desktop entry passes desktop-file-validate', () => {
    expect(validateFile(join(ROOT, 'assets/kvm-desk.desktop'))).toEqual([]);
  });
});
