// Reading osinfo-db's XML files into plain objects (OsinfoOs), and keeping that parsed form as JSON in
// the user's cache directory so a later launch skips the XML (it changes only with the osinfo-db package).
//
// Exports:
//   readOsinfo(dir, cacheDir | false): OsinfoOs[]   from the cache when its key matches, else parsed
//   defaultCacheDir(): string                      $XDG_CACHE_HOME/kvmdesk or ~/.cache/kvmdesk
//   MediaRule, ResourceSet, OsinfoOs               the parsed form
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { OsEntry } from '../../preload/contract';
import { attr, child, children, parseXml, text, type XmlElement } from './xml';

export interface MediaRule {
  arch: string;
  live: boolean;
  /** regex sources as osinfo-db writes them (PCRE; the ones JavaScript cannot compile are skipped) */
  volumeId?: string;
  systemId?: string;
  publisherId?: string;
  applicationId?: string;
  volumeSize?: number;
}

export interface ResourceSet {
  nCpus?: number;
  ramBytes?: number;
  storageBytes?: number;
}

export interface OsinfoOs extends OsEntry {
  url: string;
  shortIds: string[];
  /** osinfo-db's own family: winnt, linux, freebsd, openbsd, ... */
  osinfoFamily?: string;
  derivesFrom: string[];
  clones: string[];
  devices: string[];
  /** devices a newer release says it no longer supports (osinfo-db's supported="false") */
  unsupportedDevices: string[];
  firmwares: { arch: string; type: string; supported: boolean }[];
  media: MediaRule[];
  resources: { arch: string; minimum?: ResourceSet; recommended?: ResourceSet }[];
}

function familyOf(osinfoFamily: string | undefined, distro: string | undefined): OsEntry['family'] {
  const f = osinfoFamily ?? '';
  if (/^win/.test(f) || distro === 'win' || distro === 'winnt') return 'windows';
  if (f === 'linux') return 'linux';
  if (/bsd$/.test(f)) return 'bsd';
  return 'other';
}

/** The untranslated text of a child (osinfo-db repeats <name> and <vendor> once per language). */
function plain(parent: XmlElement, name: string): string | undefined {
  const e = children(parent, name).find((c) => !c.hasAttribute('xml:lang'));
  return text(e) || undefined;
}

function ids(parent: XmlElement, name: string): string[] {
  return children(parent, name)
    .map((e) => attr(e, 'id'))
    .filter((x): x is string => !!x);
}

function deviceIds(os: XmlElement, supported: boolean): string[] {
  return children(child(os, 'devices'), 'device')
    .filter((d) => (attr(d, 'supported') !== 'false') === supported)
    .map((d) => attr(d, 'id'))
    .filter((x): x is string => !!x);
}

function resourceSet(e: XmlElement | undefined): ResourceSet | undefined {
  if (!e) return undefined;
  const num = (n: string) => {
    const v = Number(text(child(e, n)));
    return Number.isFinite(v) && v > 0 ? v : undefined;
  };
  return { nCpus: num('n-cpus'), ramBytes: num('ram'), storageBytes: num('storage') };
}

function mediaRule(m: XmlElement): MediaRule | undefined {
  const iso = child(m, 'iso');
  if (!iso) return undefined;
  const rule: MediaRule = {
    arch: attr(m, 'arch') ?? 'all',
    live: attr(m, 'live') === 'true',
    volumeId: text(child(iso, 'volume-id')) || undefined,
    systemId: text(child(iso, 'system-id')) || undefined,
    publisherId: text(child(iso, 'publisher-id')) || undefined,
    applicationId: text(child(iso, 'application-id')) || undefined,
    volumeSize: Number(text(child(iso, 'volume-size'))) || undefined,
  };
  return rule.volumeId || rule.systemId || rule.publisherId || rule.applicationId ? rule : undefined;
}

function parseOs(e: XmlElement): OsinfoOs | undefined {
  const url = attr(e, 'id');
  const shortIds = children(e, 'short-id').map((s) => text(s) ?? '');
  if (!url || shortIds.length === 0) return undefined;
  const osinfoFamily = text(child(e, 'family'));
  const distro = text(child(e, 'distro'));
  return {
    id: shortIds[0],
    name: plain(e, 'name') ?? shortIds[0],
    version: text(child(e, 'version')) || undefined,
    vendor: plain(e, 'vendor'),
    family: familyOf(osinfoFamily, distro),
    distro: distro || undefined,
    releaseDate: text(child(e, 'release-date')) || undefined,
    eolDate: text(child(e, 'eol-date')) || undefined,
    eol: false, // computed by list() against today's date
    url,
    shortIds,
    osinfoFamily: osinfoFamily || undefined,
    derivesFrom: ids(e, 'derives-from'),
    clones: ids(e, 'clones'),
    devices: deviceIds(e, true),
    unsupportedDevices: deviceIds(e, false),
    firmwares: children(e, 'firmware').map((f) => ({
      arch: attr(f, 'arch') ?? 'all',
      type: attr(f, 'type') ?? '',
      supported: attr(f, 'supported') !== 'false',
    })),
    media: children(e, 'media')
      .map(mediaRule)
      .filter((m): m is MediaRule => !!m),
    resources: children(e, 'resources').map((r) => ({
      arch: attr(r, 'arch') ?? 'all',
      minimum: resourceSet(child(r, 'minimum')),
      recommended: resourceSet(child(r, 'recommended')),
    })),
  };
}

// Translations are about 40% of osinfo-db's bytes and most of the parse time; the app shows English
// names, so untranslated <name>/<vendor> are all we read. Install trees, cloud images, installer
// scripts, variants and comments are not read either. Dropping them before parsing more than halves
// the cold load. These are osinfo-db's own generated files: the elements never nest in themselves and
// the patterns match whole elements only (a self-closing <variant id=".."/> inside <media> stays).
const UNUSED = [
  /<(name|vendor)\s+xml:lang="[^"]*">[^<]*<\/\1>/g,
  /<(tree|image|installer|variant)(?:\s[^>]*[^/>])?>[\s\S]*?<\/\1>/g,
  /<!--[\s\S]*?-->/g,
];

function withoutUnused(xml: string): string {
  return UNUSED.reduce((s, re) => s.replace(re, ''), xml);
}

function osFiles(dir: string): string[] {
  const root = join(dir, 'os');
  const files: string[] = [];
  for (const vendor of readdirSync(root).sort()) {
    const d = join(root, vendor);
    for (const f of readdirSync(d).sort()) if (f.endsWith('.xml')) files.push(join(d, f));
  }
  return files;
}

function parseDb(files: string[]): OsinfoOs[] {
  const out: OsinfoOs[] = [];
  for (const f of files) {
    const doc = parseXml(withoutUnused(readFileSync(f, 'utf8')));
    for (const e of children(doc.documentElement!, 'os')) {
      const os = parseOs(e);
      if (os) out.push(os);
    }
  }
  return out;
}

const CACHE_FORMAT = 3;

function cacheKey(dir: string, files: string[]): string {
  // the db's VERSION plus every file's size and mtime: any package update changes it
  const h = createHash('sha256').update(`${CACHE_FORMAT}\0${dir}\0`);
  try {
    h.update(readFileSync(join(dir, 'VERSION'), 'utf8'));
  } catch {
    // some builds have no VERSION file; the stats below still change with every update
  }
  for (const f of files) {
    const s = statSync(f);
    h.update(`${f}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return h.digest('hex').slice(0, 16);
}

export function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kvmdesk');
}

export function readOsinfo(dir: string, cacheDir: string | false): OsinfoOs[] {
  const files = osFiles(dir);
  const cacheFile = cacheDir ? join(cacheDir, `osinfo-${cacheKey(dir, files)}.json`) : undefined;
  if (cacheFile) {
    try {
      return JSON.parse(readFileSync(cacheFile, 'utf8')) as OsinfoOs[];
    } catch {
      // missing or unreadable: parse the XML
    }
  }
  const all = parseDb(files);
  if (cacheFile && cacheDir) {
    try {
      mkdirSync(cacheDir, { recursive: true });
      for (const f of readdirSync(cacheDir)) {
        if (/^osinfo-[0-9a-f]+\.json$/.test(f) && join(cacheDir, f) !== cacheFile) rmSync(join(cacheDir, f));
      }
      writeFileSync(cacheFile, JSON.stringify(all));
    } catch {
      // a read-only home only costs the next launch the XML parse
    }
  }
  return all;
}
