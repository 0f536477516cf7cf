// Parsing osinfo-db's XML files into plain objects (OsinfoOs). Pure: the caller reads the files (and
// keeps the parsed form as JSON for the next launch: services/osinfo-db.ts).
//
// Exports:
//   OsinfoParser                                   add(name, xml) per file, then entries(): one pass
//   parseOsinfo(files: { name, xml }[]): OsinfoOs[]  the same at once
//   MediaRule, ResourceSet, OsinfoOs               the parsed form
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

const XML_DECLARATION = /^\uFEFF?<\?xml[^>]*\?>/;

/** Builds OsinfoElements from saxes' events; throws XmlError on malformed XML, as the DOM parser did. */
class ElementReader {
  readonly top: OsinfoElement[] = [];
  private readonly stack: OsinfoElement[] = [];
  private readonly parser = new SaxesParser({ position: false, fragment: true });

  constructor() {
    const addText = (t: string) => {
      const parent = this.stack.at(-1);
      if (parent) parent.kids.push(t);
      else if (t.trim()) throw new XmlError('The XML could not be read: text outside the root element');
    };
    this.parser.on('opentag', (tag) => {
      const e: OsinfoElement = { name: tag.name, attrs: tag.attributes as Record<string, string>, kids: [] };
      (this.stack.at(-1)?.kids ?? this.top).push(e);
      this.stack.push(e); // saxes closes a self-closing tag with its own closetag event
    });
    this.parser.on('closetag', () => this.stack.pop());
    this.parser.on('text', addText);
    this.parser.on('cdata', addText);
  }

  write(xml: string): void {
    this.guard(() => this.parser.write(xml));
  }

  close(): OsinfoElement[] {
    this.guard(() => this.parser.close());
    return this.top;
  }

  private guard(f: () => void): void {
    try {
      f();
    } catch (err) {
      if (err instanceof XmlError) throw err;
      throw new XmlError(`The XML could not be read: ${(err as Error).message}`);
    }
  }
}

/** Every top-level element of `xml`. */
function readElements(xml: string): OsinfoElement[] {
  const r = new ElementReader();
  r.write(xml);
  return r.close();
}

/**
 * osinfo-db's files parsed in one pass: add() each file's text in order (the caller may yield between
 * calls), then entries(). One parser over all files is about twice as fast as one per file (saxes'
 * per-document setup); one root per file proves no file's markup ran into the next, and otherwise
 * each file is parsed alone so the error names the culprit.
 */
export class OsinfoParser {
  private readonly names: string[] = [];
  private readonly texts: string[] = [];
  private reader: ElementReader | undefined = new ElementReader();

  add(name: string, xml: string): void {
    const text = withoutUnused(xml).replace(XML_DECLARATION, '');
    this.names.push(name);
    this.texts.push(text);
    try {
      this.reader?.write(`${text}\n`);
    } catch {
      this.reader = undefined; // some file is malformed: entries() says which
    }
  }

  entries(): OsinfoOs[] {
    const out: OsinfoOs[] = [];
    for (const root of this.roots()) {
      for (const e of children(root, 'os')) {
        const os = parseOs(e);
        if (os) out.push(os);
      }
    }
    return out;
  }

  private roots(): OsinfoElement[] {
    try {
      const roots = this.reader?.close();
      if (roots?.length === this.texts.length) return roots;
    } catch {
      // some file is malformed: the loop below says which
    }
    return this.texts.map((t, i) => {
      try {
        const roots = readElements(t);
        if (roots.length !== 1)
          throw new XmlError(`The XML could not be read: ${roots.length} root elements`);
        return roots[0];
      } catch (err) {
        throw new XmlError(`${this.names[i]}: ${(err as Error).message}`);
      }
    });
  }
}

/** Every OS in osinfo-db's files (name: the file's path, for errors; xml: its text). */
export function parseOsinfo(files: { name: string; xml: string }[]): OsinfoOs[] {
  const p = new OsinfoParser();
  for (const f of files) p.add(f.name, f.xml);
  return p.entries();
}
