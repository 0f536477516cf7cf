// desktop-file-validate (Debian's desktop-file-utils; scripts/setup-host.sh installs it) on a file's
// text: its complaints, or [] when it passes. Undefined where it is not installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const hasValidator = spawnSync('desktop-file-validate', ['--help']).status === 0;

export function validateFile(path: string): string[] {
  try {
    return execFileSync('desktop-file-validate', [path], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}`.split('\n').filter(Boolean);
  }
}

export function validateText(text: string, fileName = 'kvm-desk-test.desktop'): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'kvmdesk-test-desktop-'));
  try {
    const path = join(dir, fileName);
    writeFileSync(path, text);
    return validateFile(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
