// The user's settings, kept in a small JSON file in ~/.config/kvm-desk/ ($XDG_CONFIG_HOME respected;
// KVMDESK_CONFIG_DIR overrides it, for tests). A missing or unreadable file means the defaults.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Settings as AllSettings, NotifySettings } from '../../preload/contract';
import { NOTIFY_DEFAULTS } from '../../preload/notify-rules';

/** what settings.json keeps: start at login is the autostart file itself (services/desktop-files.ts) */
export type Settings = Omit<AllSettings, 'startAtLogin'>;

const DEFAULTS: Settings = {
  forceSoftwareEmulation: false,
  shutdownTimeoutSeconds: 30,
  keepRunningInTray: true,
  notifications: { ...NOTIFY_DEFAULTS },
};

/** each kind on unless the file says false (a kind added later starts on) */
function notificationsOf(saved: unknown): NotifySettings {
  const s = (typeof saved === 'object' && saved !== null ? saved : {}) as Partial<NotifySettings>;
  const out = { ...NOTIFY_DEFAULTS };
  for (const k of Object.keys(out) as (keyof NotifySettings)[]) out[k] = s[k] !== false;
  return out;
}
/** the range the settings screen offers (and the api accepts) for shutdownTimeoutSeconds */
export const SHUTDOWN_TIMEOUT_RANGE = { min: 1, max: 3600 } as const;

function timeoutOf(saved: unknown): number {
  const n = Number(saved);
  return Number.isInteger(n) && n >= SHUTDOWN_TIMEOUT_RANGE.min && n <= SHUTDOWN_TIMEOUT_RANGE.max
    ? n
    : DEFAULTS.shutdownTimeoutSeconds;
}

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KVMDESK_CONFIG_DIR) return env.KVMDESK_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'kvm-desk');
}

export class SettingsStore {
  private current: Settings = { ...DEFAULTS };
  private readonly file: string;

  constructor(dir = configDir()) {
    this.file = join(dir, 'settings.json');
  }

  async load(): Promise<Settings> {
    try {
      const saved = JSON.parse(await readFile(this.file, 'utf8')) as Partial<Settings>;
      this.current = {
        forceSoftwareEmulation: saved.forceSoftwareEmulation === true,
        shutdownTimeoutSeconds: timeoutOf(saved.shutdownTimeoutSeconds),
        keepRunningInTray: saved.keepRunningInTray !== false,
        notifications: notificationsOf(saved.notifications),
      };
    } catch {
      this.current = { ...DEFAULTS, notifications: { ...NOTIFY_DEFAULTS } };
    }
    return this.get();
  }

  get(): Settings {
    return { ...this.current, notifications: { ...this.current.notifications } };
  }

  async set(change: Partial<Settings>): Promise<Settings> {
    this.current = {
      ...this.current,
      ...change,
      notifications: { ...this.current.notifications, ...change.notifications },
    };
    await mkdir(join(this.file, '..'), { recursive: true });
    // write-then-rename so a crash never leaves half a file
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(this.current, null, 2)}\n`);
    await rename(tmp, this.file);
    return this.get();
  }

  /** how long a guest may ignore Shut down or Reboot before the UI says so, in ms */
  shutdownTimeoutMs(): number {
    return this.current.shutdownTimeoutSeconds * 1000;
  }

  /** the setting or KVMDESK_FORCE_TCG=1 (tests) */
  forceSoftwareEmulation(env: NodeJS.ProcessEnv = process.env): boolean {
    return this.current.forceSoftwareEmulation || env.KVMDESK_FORCE_TCG === '1';
  }
}
