// osinfo-db from the host's files: its ~800 XML files read asynchronously and parsed in one pass
// (model/osinfo-read.ts), yielding to the event loop between batches; the parsed form kept as JSON in
// the user's cache directory so a later launch skips the XML (it changes only with the osinfo-db
// package). Loaded once per process: the promise is memoised.
//
// Exports:
//   loadOsinfoDb(opts?): Promise<OsinfoDb>   memoised per directory. opts.dir (default /usr/share/osinfo
//                                            or $OSINFO_SYSTEM_DIR), opts.cacheDir (false = no disk cache)
//   osinfoVersion(dir?): Promise<string | undefined>   the db's VERSION file
//   osinfoDir(), defaultCacheDir()           $OSINFO_SYSTEM_DIR or /usr/share/osinfo; $XDG_CACHE_HOME/kvmdesk
//   forgetLoadedOsinfo()                     tests and benchmarks measure cold loads
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { OsinfoDb } from '../model/osinfo';
import { type OsinfoOs, OsinfoParser } from '../model/osinfo-read';

export interface LoadOptions {
  /** the osinfo-db directory (holds os/, device/, VERSION) */
  dir?: string;
  /** where the parsed JSON is kept; false for none */
  cacheDir?: string | false;
}

/** files read (and stat'ed) at once, and parsed between two turns of the event loop */
const BATCH = 50;
const CACHE_FORMAT = 3;

export function osinfoDir(): string {
  return process.env.OSINFO_SYSTEM_DIR || '/usr/share/osinfo';
}

export function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kvmdesk');
}

/** the db's version from its VERSION file ("20221203"); undefined when it has none */
export async function osinfoVersion(dir = osinfoDir()): Promise<string | undefined> {
  try {
    return (await readFile(join(dir, 'VERSION'), 'utf8')).trim() || undefined;
  } catch {
    return undefined;
  }
}

const loaded = new Map<string, Promise<OsinfoDb>>();

export function loadOsinfoDb(opts: LoadOptions = {}): Promise<OsinfoDb> {
  const dir = opts.dir ?? osinfoDir();
  const cacheDir = opts.cacheDir === undefined ? defaultCacheDir() : opts.cacheDir;
  const memo = `${dir}\0${cacheDir}`;
  let db = loaded.get(memo);
  if (!db) {
    db = readOsinfo(dir, cacheDir).then((all) => new OsinfoDb(all));
    loaded.set(memo, db);
    // a failed load is tried again by the next caller
    db.catch(() => loaded.get(memo) === db && loaded.delete(memo));
  }
  return db;
}

/** forget the in-memory copies (tests and benchmarks measure cold loads) */
export function forgetLoadedOsinfo(): void {
  loaded.clear();
}

async function inBatches<T, R>(items: T[], f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += BATCH)
    out.push(...(await Promise.all(items.slice(i, i + BATCH).map(f))));
  return out;
}

async function osFiles(dir: string): Promise<string[]> {
  const root = join(dir, 'os');
  const vendors = (await readdir(root)).sort();
  const lists = await Promise.all(
    vendors.map(async (vendor) => {
      const d = join(root, vendor);
      return (await readdir(d))
        .sort()
        .filter((f) => f.endsWith('.xml'))
        .map((f) => join(d, f));
    }),
  );
  return lists.flat();
}

async function cacheKey(dir: string, files: string[]): Promise<string> {
  // the db's VERSION plus every file's size and mtime: any package update changes it
  const h = createHash('sha256').update(`${CACHE_FORMAT}\0${dir}\0`);
  try {
    h.update(await readFile(join(dir, 'VERSION'), 'utf8'));
  } catch {
    // some builds have no VERSION file; the stats below still change with every update
  }
  const stats = await inBatches(files, (f) => stat(f));
  files.forEach((f, i) => {
    h.update(`${f}\0${stats[i].size}\0${stats[i].mtimeMs}\n`);
  });
  return h.digest('hex').slice(0, 16);
}

/** Every file read and parsed: the next batch is read while this one is parsed, a turn in between. */
async function parseFiles(files: string[]): Promise<OsinfoOs[]> {
  const parser = new OsinfoParser();
  const read = (i: number) => Promise.all(files.slice(i, i + BATCH).map((f) => readFile(f, 'utf8')));
  let next = read(0);
  for (let i = 0; i < files.length; i += BATCH) {
    const texts = await next;
    if (i + BATCH < files.length) {
      next = read(i + BATCH);
      next.catch(() => undefined); // awaited on the next round; a parse error may end the loop first
    }
    texts.forEach((xml, j) => {
      parser.add(files[i + j], xml);
    });
    await nextTurn();
  }
  return parser.entries();
}

async function readOsinfo(dir: string, cacheDir: string | false): Promise<OsinfoOs[]> {
  const files = await osFiles(dir);
  const cacheFile = cacheDir ? join(cacheDir, `osinfo-${await cacheKey(dir, files)}.json`) : undefined;
  if (cacheFile) {
    try {
      return JSON.parse(await readFile(cacheFile, 'utf8')) as OsinfoOs[];
    } catch {
      // missing or unreadable: parse the XML
    }
  }
  const all = await parseFiles(files);
  if (cacheFile && cacheDir) {
    try {
      await mkdir(cacheDir, { recursive: true });
      for (const f of await readdir(cacheDir)) {
        if (/^osinfo-[0-9a-f]+\.json$/.test(f) && join(cacheDir, f) !== cacheFile)
          await rm(join(cacheDir, f));
      }
      await writeFile(cacheFile, JSON.stringify(all));
    } catch {
      // a read-only home only costs the next launch the XML parse
    }
  }
  return all;
}
