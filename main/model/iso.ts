// Which OS an installation ISO holds: its ISO 9660 primary volume descriptor (sector 16) matched against
// osinfo-db's media rules, the way libosinfo does (each regex the rule gives must match its field).
// Unknown media is said to be unknown; media newer than this host's osinfo-db is matched through the
// newest release's rules with the version left open, and said so.
//
// Pure: services/iso.ts reads the bytes.
//
// Exports:
//   parsePrimaryVolumeDescriptor(buf, path): IsoVolumeInfo   the bytes at PVD_OFFSET; throws IsoError
//   matchMedia(db, info): { os?: OsinfoOs; newerVersion?: string; note?: string }
//   isoDetection(db, path, info): IsoDetection                the contract's answer
//   IsoError                                                  not an ISO, unreadable
import type { IsoDetection } from '../../preload/contract';
import { compareVersions, type MediaRule, type OsinfoDb, type OsinfoOs } from './osinfo';

export interface IsoVolumeInfo {
  volumeId: string;
  systemId: string;
  publisher: string;
  applicationId: string;
  /** volume space size x logical block size */
  volumeSize: number;
}

export class IsoError extends Error {
  override name = 'IsoError';
}

const SECTOR = 2048;

function field(buf: Buffer, start: number, length: number): string {
  // ISO 9660 pads identifiers with spaces (some tools with NULs); libosinfo strips both
  return buf
    .subarray(start, start + length)
    .toString('latin1')
    .replace(/[\s\0]+$/, '');
}

/** Where the primary volume descriptor is: sector 16, one 2048-byte sector. */
export const PVD_OFFSET = 16 * SECTOR;
export const PVD_LENGTH = SECTOR;

/** The primary volume descriptor's fields from the bytes read at PVD_OFFSET (fewer: not an ISO). */
export function parsePrimaryVolumeDescriptor(buf: Buffer, path: string): IsoVolumeInfo {
  // ECMA-119 8.4: type 1 (primary), "CD001", version 1
  if (buf.length < SECTOR || buf[0] !== 1 || buf.toString('latin1', 1, 6) !== 'CD001') {
    throw new IsoError(`${path} is not an ISO 9660 image (no primary volume descriptor).`);
  }
  return {
    systemId: field(buf, 8, 32),
    volumeId: field(buf, 40, 32),
    publisher: field(buf, 318, 128),
    applicationId: field(buf, 574, 128),
    volumeSize: buf.readUInt32LE(80) * buf.readUInt16LE(128),
  };
}

const compiled = new Map<string, RegExp | null>();

/** osinfo-db's regexes are PCRE (GRegex); the few JavaScript cannot compile never match. */
function regex(src: string): RegExp | null {
  let r = compiled.get(src);
  if (r === undefined) {
    try {
      r = new RegExp(src);
    } catch {
      r = null;
    }
    compiled.set(src, r);
  }
  return r;
}

const FIELDS = [
  ['volumeId', 'volumeId'],
  ['systemId', 'systemId'],
  ['publisherId', 'publisher'],
  ['applicationId', 'applicationId'],
] as const;

/** How many fields the rule names, or -1 when one of them does not match. */
function ruleScore(rule: MediaRule, info: IsoVolumeInfo, volumeIdRegex?: RegExp | null): number {
  // a system id alone ("LINUX") says nothing about which OS it is
  if (!rule.volumeId && !rule.applicationId) return -1;
  let n = 0;
  for (const [ruleField, infoField] of FIELDS) {
    const src = rule[ruleField];
    if (!src) continue;
    const re = ruleField === 'volumeId' && volumeIdRegex !== undefined ? volumeIdRegex : regex(src);
    if (!re?.test(info[infoField])) return -1;
    n++;
  }
  if (rule.volumeSize && info.volumeSize && rule.volumeSize !== info.volumeSize) return -1;
  return n;
}

export interface MediaMatch {
  /** the osinfo-db entry whose settings apply */
  os?: OsinfoOs;
  /** set for media newer than the db: the version on the media ("12" while os is Debian 11) */
  newerVersion?: string;
  note?: string;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * For media newer than the db: the newest release of each distribution with ISO rules that spell
 * its version out ("Debian 11.\d+.\d+ amd64 n", "13_1_RELEASE_AMD64_CD") gives a rule with the version
 * left open. A match with a higher version means "this distribution, newer than we know".
 */
function newerThanDb(db: OsinfoDb, info: IsoVolumeInfo): MediaMatch | undefined {
  // every release that carries its distribution's highest version (Fedora 37 and Silverblue 37 both)
  const newest = new Map<string, OsinfoOs[]>();
  for (const os of db.all) {
    if (!os.distro || !os.version || !/^\d+(\.\d+)*$/.test(os.version) || os.media.length === 0) continue;
    const cur = newest.get(os.distro);
    const cmp = cur ? compareVersions(os.version, cur[0].version) : 1;
    if (cmp > 0) newest.set(os.distro, [os]);
    else if (cmp === 0) cur!.push(os);
  }
  for (const os of [...newest.values()].flat()) {
    const v = os.version!;
    const spellings = [...new Set([escapeRe(v), v, v.replace(/\./g, '_'), v.replace(/\./g, '\\.')])];
    for (const rule of os.media) {
      const src = rule.volumeId;
      if (!src) continue;
      const at = spellings.find((s) => src.includes(s));
      if (!at) continue;
      const open = regex(src.replace(at, '(\\d+(?:[._]\\d+)?)'));
      if (!open) continue;
      const m = open.exec(info.volumeId);
      if (!m || ruleScore(rule, info, open) < 0) continue;
      const found = m[1].replace(/_/g, '.');
      if (compareVersions(found, v) <= 0) continue;
      return { os, newerVersion: found, note: db.newerNote(os, found) };
    }
  }
  return undefined;
}

export function matchMedia(db: OsinfoDb, info: IsoVolumeInfo): MediaMatch {
  let best = 0;
  let candidates: OsinfoOs[] = [];
  for (const os of db.all) {
    let score = 0;
    for (const rule of os.media) score = Math.max(score, ruleScore(rule, info));
    if (score <= 0) continue;
    if (score > best) {
      best = score;
      candidates = [os];
    } else if (score === best) candidates.push(os);
  }
  if (candidates.length > 0) {
    // Windows 10 and 11 media share volume ids: take the newest release and name the others
    candidates.sort((a, b) => (b.releaseDate ?? '').localeCompare(a.releaseDate ?? ''));
    const [os, ...others] = candidates;
    const note =
      others.length > 0
        ? `This media could also be ${others.map((o) => o.name).join(' or ')}; choose it from the list if so.`
        : undefined;
    return { os, note };
  }
  return newerThanDb(db, info) ?? {};
}

/** The contract's answer for the media at `path` whose descriptor is `info`. */
export function isoDetection(db: OsinfoDb, path: string, info: IsoVolumeInfo): IsoDetection {
  const m = matchMedia(db, info);
  return {
    path,
    volumeId: info.volumeId,
    systemId: info.systemId,
    publisher: info.publisher,
    applicationId: info.applicationId,
    // media newer than the db is named as what it is ("debian12", "Debian 12"); resolving that id
    // later gives Debian 11's settings with the same note
    os: m.os && (m.newerVersion ? db.newerEntry(m.os, m.newerVersion) : db.entry(m.os)),
    note: m.note,
  };
}
