// Uploads in flight, written down before their volume is made: what makes an upload resume-safe. libvirt
// volumes carry no metadata of ours and cannot be renamed, so a volume alone cannot say it is half-made.
// Each upload adds {connection, pool, name, pid} to uploads-in-progress.json in KVM Desk's config folder
// before it creates the volume and removes it after the volume is whole (or deleted). An entry whose pid is
// not this process is an upload a crash or a kill interrupted: its volume is shown as an incomplete upload
// and deleted the next time that connection's pools are listed (only that volume: the entry names it).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface UploadEntry {
  connection: string;
  pool: string;
  name: string;
  sizeBytes: number;
  pid: number;
  startedAt: number;
}

export class UploadJournal {
  private readonly file: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dir: string) {
    this.file = join(dir, 'uploads-in-progress.json');
  }

  async list(): Promise<UploadEntry[]> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8'));
      return Array.isArray(parsed) ? parsed : [];
    } catch {
      return [];
    }
  }

  /** entries of uploads no longer running in this process (interrupted) */
  async interrupted(connection: string): Promise<UploadEntry[]> {
    return (await this.list()).filter((e) => e.connection === connection && e.pid !== process.pid);
  }

  add(e: Omit<UploadEntry, 'pid' | 'startedAt'>): Promise<void> {
    return this.update((all) => [...all, { ...e, pid: process.pid, startedAt: Date.now() }]);
  }

  remove(e: Pick<UploadEntry, 'connection' | 'pool' | 'name'>): Promise<void> {
    return this.update((all) =>
      all.filter((x) => !(x.connection === e.connection && x.pool === e.pool && x.name === e.name)),
    );
  }

  // one write at a time, each a whole new file renamed into place (a crash never leaves half a file)
  private update(f: (all: UploadEntry[]) => UploadEntry[]): Promise<void> {
    const next = this.queue.then(async () => {
      const all = f(await this.list());
      await mkdir(join(this.file, '..'), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(all, null, 1));
      await rename(tmp, this.file);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
