// The user's list of connections, remembered in connections.json beside settings.json (XDG config dir).
// Missing file: first launch (null). An unreadable or foreign entry is dropped, never the whole list.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseUri } from '../../libvirt/uri';

export interface SavedHost {
  uri: string;
  label?: string;
  connectAtStart: boolean;
}

function isUri(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  try {
    parseUri(s);
    return true;
  } catch {
    return false;
  }
}

export class SavedHosts {
  readonly file: string;

  constructor(dir: string) {
    this.file = join(dir, 'connections.json');
  }

  /** null when there is no file yet (first launch) */
  async load(): Promise<SavedHost[] | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return null;
    }
    try {
      const saved = JSON.parse(text) as { connections?: unknown };
      const list = Array.isArray(saved.connections) ? saved.connections : [];
      const out: SavedHost[] = [];
      for (const e of list as Partial<SavedHost>[]) {
        if (!isUri(e?.uri) || out.some((o) => o.uri === e.uri)) continue;
        out.push({
          uri: e.uri,
          ...(typeof e.label === 'string' && e.label ? { label: e.label.slice(0, 200) } : {}),
          connectAtStart: e.connectAtStart !== false,
        });
      }
      return out;
    } catch {
      return []; // a broken file: start with none rather than guess (the file is rewritten on the next change)
    }
  }

  async save(list: SavedHost[]): Promise<void> {
    await mkdir(join(this.file, '..'), { recursive: true });
    // write-then-rename so a crash never leaves half a file
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify({ connections: list }, null, 2)}\n`);
    await rename(tmp, this.file);
  }
}
