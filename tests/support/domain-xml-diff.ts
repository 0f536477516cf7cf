// Structural comparison of two domain XMLs for the in-place edits' tests: an edit may change only the
// elements it names, and everything else (elements KVM Desk does not know included) must stay, in order,
// with the same attributes and text. Whitespace between elements and quote style do not count.
import { expect } from 'vitest';
import { children, parseXml, type XmlElement } from '../../main/model/xml';

/** One line per element, in document order: depth, name, sorted attributes, own text. */
export function outline(el: XmlElement, depth = 0): string[] {
  const attrs = Array.from({ length: el.attributes.length }, (_, i) => el.attributes[i])
    .map((a) => `${a.name}=${JSON.stringify(a.value)}`)
    .sort();
  let own = '';
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 3 || n.nodeType === 4) own += n.nodeValue ?? '';
  }
  const line = `${'  '.repeat(depth)}<${el.tagName}${attrs.length ? ` ${attrs.join(' ')}` : ''}>${own.trim()}`;
  return [line, ...children(el).flatMap((c) => outline(c, depth + 1))];
}

export function rootOf(xml: string): XmlElement {
  return parseXml(xml).documentElement!;
}

/** Picks the elements an edit may touch, in one document (none where they do not exist). */
export type Pick = (root: XmlElement) => XmlElement[];

/**
 * The documents are the same once the picked elements are taken out of both: only those changed, and
 * every other element survived in order. Returns both documents' picked elements' outlines.
 */
export function expectOnlyChanged(
  before: string,
  after: string,
  pick: Pick,
): { before: string[]; after: string[] } {
  const strip = (xml: string) => {
    const root = rootOf(xml);
    const picked = pick(root);
    const lines = picked.flatMap((e) => outline(e));
    for (const e of picked) e.parentNode?.removeChild(e);
    return { rest: outline(root), lines };
  };
  const a = strip(before);
  const b = strip(after);
  // the unmodelled elements first: the shorter diff when one of them is lost
  expect(b.rest.filter(isUnmodelled)).toEqual(a.rest.filter(isUnmodelled));
  expect(b.rest).toEqual(a.rest);
  return { before: a.lines, after: b.lines };
}

/** The element before this one among its parent's elements. */
export function previousElement(el: XmlElement): XmlElement | undefined {
  const all = children(el.parentNode as XmlElement);
  return all[all.indexOf(el) - 1];
}

// Elements KVM Desk has no model of, found in the fixtures: each must survive every edit, in order.
const UNMODELLED = new Set([
  'qemu:commandline',
  'qemu:arg',
  'shmem',
  'vsock',
  'panic',
  'sysinfo',
  'memtune',
  'cputune',
  'vcpupin',
  'seclabel',
  'redirdev',
  'filesystem',
  'memoryBacking',
  'blkiotune',
  'resource',
  'iothreads',
  'smbios',
  'audio',
  'address',
  'serial',
  'parallel',
  'memballoon',
  'libosinfo:libosinfo',
  'libosinfo:os',
]);

const isUnmodelled = (line: string) => UNMODELLED.has(line.trim().slice(1).split(/[ >]/)[0]);

/** Every element KVM Desk does not model, as outline lines in document order. */
export function unmodelledOf(xml: string): string[] {
  return outline(rootOf(xml)).filter(isUnmodelled);
}
