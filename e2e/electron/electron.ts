// Finds the Electron binary. `npm install` never downloads it (allowScripts in package.json; `npm start`
// fetches it); where none is, the suite skips with that reason, printed so the run says why.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { type ElectronApplication, _electron as electron } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const NO_BINARY =
  'no Electron binary in this environment (`npm start` downloads it where the network allows)';

export function electronBinary(): string | undefined {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    // node_modules/electron throws when its binary was never downloaded
    return undefined;
  }
}

/** Launches the built app (`electron-vite build` output in out/) against the test driver. */
export async function launchApp(executablePath: string): Promise<ElectronApplication> {
  return electron.launch({
    executablePath,
    args: [ROOT, '--no-sandbox'],
    cwd: ROOT,
    env: { ...process.env, KVMDESK_URI: process.env.KVMDESK_URI ?? 'test+unix:///default', NODE_ENV: 'test' },
    timeout: 60_000,
  });
}
