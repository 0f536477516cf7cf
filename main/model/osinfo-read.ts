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
import { SaxesParser } from 'saxes';
import type { OsEntry } from '../../preload/contract';
import { XmlError } from './xml';

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

/**
 * One element of an osinfo-db file as saxes (a streaming parser) reports it: the db is ~800 files and
 * building xmldom nodes for them was most of the cold load. `kids` keeps text and child elements in
 * document order, so text() is the DOM's textContent.
 */
interface OsinfoElement {
  name: string;
  attrs: Record<string, string>;
  kids: (OsinfoElement | string)[];
}

function children(parent: OsinfoElement | undefined, name: string): OsinfoElement[] {
  const out: OsinfoElement[] = [];
  for (const k of parent?.kids ?? []) if (typeof k !== 'string' && k.name === name) out.push(k);
  return out;
}

function child(parent: OsinfoElement | undefined, name: string): OsinfoElement | undefined {
  for (const k of parent?.kids ?? []) if (typeof k !== 'string' && k.name === name) return k;
  return undefined;
}

function attr(e: OsinfoElement | undefined, name: string): string | undefined {
  return e && Object.hasOwn(e.attrs, name) ? e.attrs[name] : undefined;
}

function textContent(e: OsinfoElement): string {
  if (e.kids.length === 1 && typeof e.kids[0] === 'string') return e.kids[0]; // nearly every element read
  return e.kids.map((k) => (typeof k === 'string' ? k : textContent(k))).join('');
}

function text(e: OsinfoElement | undefined): string | undefined {
  return e && textContent(e).trim();
}

/** The untranslated text of a child (osinfo-db repeats <name> and <vendor> once per language). */
function plain(parent: OsinfoElement, name: string): string | undefined {
  const e = children(parent, name).find((c) => attr(c, 'xml:lang') === undefined);
  return text(e) || undefined;
}

function ids(parent: OsinfoElement, name: string): string[] {
  return children(parent, name)
    .map((e) => attr(e, 'id'))
    .filter((x): x is string => !!x);
}

function deviceIds(os: OsinfoElement, supported: boolean): string[] {
  return children(child(os, 'devices'), 'device')
    .filter((d) => (attr(d, 'supported') !== 'false') === supported)
    .map((d) => attr(d, 'id'))
    .filter((x): x is string => !!x);
}

function positive(e: OsinfoElement, name: string): number | undefined {
  const v = Number(text(child(e, name)));
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

function resourceSet(e: OsinfoElement | undefined): ResourceSet | undefined {
  if (!e) return undefined;
  return { nCpus: positive(e, 'n-cpus'), ramBytes: positive(e, 'ram'), storageBytes: positive(e, 'storage') };
}

function mediaRule(m: OsinfoElement): MediaRule | undefined {
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

function parseOs(e: OsinfoElement): OsinfoOs | undefined {
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
// scripts, variants, URLs, CPU speeds, maximums and comments are not read either (parseOs reads none of
// the elements below). Dropping them, and the indentation between tags (only leaves' text is read), in
// one native regex pass before parsing leaves the parser under a third of the bytes. These are
// osinfo-db's own generated files: the elements never nest in themselves and the patterns match whole
// elements only.
const UNUSED = new RegExp(
  [
    String.raw`<(?<lang>name|vendor)\s+xml:lang="[^"]*">[^<]*</\k<lang>>`,
    String.raw`<(?<tree>tree|image|installer|variant|maximum|network-install)(?:\s[^>]*[^/>])?>[\s\S]*?</\k<tree>>`,
    String.raw`<(?<leaf>url|kernel|initrd|cpu|codename|l10n-language|release-status|cloud-image-username|kernel-url-argument)(?:\s[^>]*[^/>])?>[^<]*</\k<leaf>>`,
    String.raw`<(?:upgrades|variant)\s[^>]*/>`,
    String.raw`<!--[\s\S]*?-->`,
    String.raw`(?<=>)\s+(?=<)`,
  ].join('|'),
  'g',
);

function withoutUnused(xml: string): string {
  return xml.replace(UNUSED, '');
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

const XML_DECLARATION = /^\uFEFF?<\?xml[^>]*\?>/;

/** Every top-level element of `xml`; throws XmlError on malformed XML, as the DOM parser did. */
function readElements(xml: string): OsinfoElement[] {
  const parser = new SaxesParser({ position: false, fragment: true });
  const top: OsinfoElement[] = [];
  const stack: OsinfoElement[] = [];
  const addText = (t: string) => {
    const parent = stack.at(-1);
    if (parent) parent.kids.push(t);
    else if (t.trim()) throw new XmlError('The XML could not be read: text outside the root element');
  };
  parser.on('opentag', (tag) => {
    const e: OsinfoElement = { name: tag.name, attrs: tag.attributes as Record<string, string>, kids: [] };
    (stack.at(-1)?.kids ?? top).push(e);
    stack.push(e); // saxes closes a self-closing tag with its own closetag event
  });
  parser.on('closetag', () => stack.pop());
  parser.on('text', addText);
  parser.on('cdata', addText);
  try {
    parser.write(xml).close();
  } catch (err) {
    if (err instanceof XmlError) throw err;
    throw new XmlError(`The XML could not be read: ${(err as Error).message}`);
  }
  return top;
}

/** Each file's root element, in order; the error for a malformed file names it. */
function readRoots(files: string[]): OsinfoElement[] {
  const texts = files.map((f) => withoutUnused(readFileSync(f, 'utf8')).replace(XML_DECLARATION, ''));
  // One parser over all files is about twice as fast as one per file (saxes' per-document setup).
  // One root per file proves no file's markup ran into the next; otherwise find the culprit.
  try {
    const roots = readElements(texts.join('\n'));
    if (roots.length === files.length) return roots;
  } catch {
    // some file is malformed: the loop below says which
  }
  return texts.map((t, i) => {
    try {
      const roots = readElements(t);
      if (roots.length !== 1) throw new XmlError(`The XML could not be read: ${roots.length} root elements`);
      return roots[0];
    } catch (err) {
      throw new XmlError(`${files[i]}: ${(err as Error).message}`);
    }
  });
}

function parseDb(files: string[]): OsinfoOs[] {
  const out: OsinfoOs[] = [];
  for (const root of readRoots(files)) {
    for (const e of children(root, 'os')) {
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
