// When each guest was last used (started, its console opened), for the tray's "most recently used" order.
// Kept in the main process and saved beside the settings (recent-guests.json in the settings service's
// configDir()), so the order survives a restart. Keyed by connection and uuid: a rename keeps its place.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { VmRef } from '../../preload/contract';
import { configDir } from './settings';

/** more than any tray shows: the oldest are forgotten */
const KEEP = 200;

const keyOf = (ref: VmRef) => `${ref.connection}\n${ref.uuid}`;

export class RecentGuests {
  private used = new Map<string, number>();
  private readonly file: string;
  private saving: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<() => void>();

  constructor(dir = configDir()) {
    this.file = join(dir, 'recent-guests.json');
  }

  async load(): Promise<void> {
    try {
      const saved = JSON.parse(await readFile(this.file, 'utf8')) as Record<string, unknown>;
      this.used = new Map(
        Object.entries(saved).filter((e): e is [string, number] => typeof e[1] === 'number'),
      );
    } catch {
      this.used = new Map(); // missing or unreadable: no order yet
    }
  }

  /** ms since the epoch of the guest's last use; 0 when never used */
  lastUsed(ref: VmRef): number {
    return this.used.get(keyOf(ref)) ?? 0;
  }

  /** called after each use recorded (the tray reorders) */
  onUsed(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** records a use and saves it (saves run one after another; a failed save is only logged) */
  markUsed(ref: VmRef, at = Date.now()): Promise<void> {
    const key = keyOf(ref);
    this.used.delete(key);
    this.used.set(key, at);
    while (this.used.size > KEEP) this.used.delete(this.used.keys().next().value as string);
    for (const l of this.listeners) l();
    const snapshot = JSON.stringify(Object.fromEntries(this.used));
    this.saving = this.saving.then(() =>
      this.write(snapshot).catch((err) =>
        console.error(`could not save recent guests: ${(err as Error).message}`),
      ),
    );
    return this.saving;
  }

  private async write(text: string): Promise<void> {
    await mkdir(join(this.file, '..'), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, `${text}\n`);
    await rename(tmp, this.file);
  }
}
