// KVM Desk's one XML library: build, parse and edit in place, over @xmldom/xmldom.
// Escaping is the library's job: nothing in KVM Desk concatenates XML strings.
//
// Exports:
//   parseXml(xml): Document                       throws XmlError on malformed input
//   serializeXml(node): string                    a Document or Element back to text
//   h(name, attrs?, ...children): XmlNode         a tree to build (false/undefined children are skipped)
//   buildXml(tree, { pretty? }): string           an XmlNode tree to text
//   appendTree(parent, tree): Element             adds a built tree under an existing element (in-place edits)
//   insertTreeAfter(parent, tree, after?): Element  adds it after a child (first when none), indented as
//                                                 its siblings are
//   removeElement(el)                             detaches an element and the indentation before it
//   child(parent, name) / children(parent, name?) direct child elements by qualified name
//   childNS(parent, ns, localName) / childrenNS   direct child elements by namespace
//   find(parent, 'devices/disk')                  first element down a slash path of child names
//   findAll(parent, 'devices/disk')               every element at the end of a slash path ('features/*')
//   attr(el, name) / text(el)                     undefined when the element or value is absent
//   setAttr(el, name, value|undefined)            undefined removes the attribute
//   setText(el, text)                             replaces the element's children with one text node
//   ensureChild(parent, name)                     the first child of that name, created when missing
//   removeNode(node)                              detaches a node from its parent
//   docOf(el)                                     the element's document
import { DOMParser, type Document, type Element, type Node, XMLSerializer } from '@xmldom/xmldom';

export type { Document as XmlDocument, Element as XmlElement } from '@xmldom/xmldom';

export class XmlError extends Error {
  override name = 'XmlError';
}

const ELEMENT_NODE = 1;

export function parseXml(xml: string): Document {
  const problems: string[] = [];
  const parser = new DOMParser({
    locator: false,
    onError: (level, msg) => {
      // warnings (e.g. unknown entities) still produce a usable tree; errors do not
      if (level !== 'warning') problems.push(msg);
    },
  });
  let doc: Document;
  try {
    doc = parser.parseFromString(xml, 'text/xml');
  } catch (err) {
    throw new XmlError(`The XML could not be read: ${(err as Error).message}`);
  }
  if (problems.length > 0 || !doc.documentElement) {
    throw new XmlError(`The XML could not be read: ${problems[0] ?? 'no root element'}`);
  }
  return doc;
}

export function serializeXml(node: Document | Element): string {
  return new XMLSerializer().serializeToString(node);
}

/** A tree to build. Attributes whose value is undefined are left out. */
export interface XmlNode {
  name: string;
  /** namespace URI for a prefixed name such as "kvmdesk:vm" */
  ns?: string;
  attrs: Record<string, string | number | boolean | undefined>;
  children: (XmlNode | string)[];
}

export type XmlChild = XmlNode | string | number | false | null | undefined | XmlChild[];

/** Builds an XmlNode: h('disk', { type: 'file' }, h('source', { file })). */
export function h(name: string, attrs: XmlNode['attrs'] = {}, ...children: XmlChild[]): XmlNode {
  const flat: (XmlNode | string)[] = [];
  const add = (c: XmlChild) => {
    if (c === false || c === null || c === undefined) return;
    if (Array.isArray(c)) c.forEach(add);
    else flat.push(typeof c === 'number' ? String(c) : c);
  };
  children.forEach(add);
  return { name, attrs, children: flat };
}

/** A namespaced element: hns(KVMDESK_NS, 'kvmdesk:vm', {...}, ...). */
export function hns(
  ns: string,
  name: string,
  attrs: XmlNode['attrs'] = {},
  ...children: XmlChild[]
): XmlNode {
  return { ...h(name, attrs, ...children), ns };
}

function createTree(doc: Document, tree: XmlNode, depth: number, indent: string | undefined): Element {
  const e = tree.ns ? doc.createElementNS(tree.ns, tree.name) : doc.createElement(tree.name);
  for (const [k, v] of Object.entries(tree.attrs)) {
    if (v !== undefined) e.setAttribute(k, String(v));
  }
  const hasElements = tree.children.some((c) => typeof c !== 'string');
  for (const c of tree.children) {
    if (indent !== undefined && hasElements) {
      e.appendChild(doc.createTextNode(`\n${indent.repeat(depth + 1)}`));
    }
    if (typeof c === 'string') e.appendChild(doc.createTextNode(c));
    else e.appendChild(createTree(doc, c, depth + 1, indent));
  }
  if (indent !== undefined && hasElements) e.appendChild(doc.createTextNode(`\n${indent.repeat(depth)}`));
  return e;
}

export function buildXml(tree: XmlNode, opts: { pretty?: boolean } = {}): string {
  const doc = parseXml('<x/>');
  const root = createTree(doc, tree, 0, opts.pretty ? '  ' : undefined);
  doc.replaceChild(root, doc.documentElement!);
  return serializeXml(doc) + (opts.pretty ? '\n' : '');
}

/** The document an element belongs to (never null for elements made by this library). */
export function docOf(el: Element): Document {
  return el.ownerDocument!;
}

/** Appends a built tree to an existing element (used by in-place edits). */
export function appendTree(parent: Element, tree: XmlNode): Element {
  return parent.appendChild(createTree(docOf(parent), tree, 0, undefined)) as Element;
}

const TEXT_NODE = 3;

function isBlank(n: Node | null): n is Node {
  return n !== null && n.nodeType === TEXT_NODE && /^\s*$/.test(n.nodeValue ?? '');
}

/**
 * Adds a built tree after `after` (or before the parent's first element when undefined), with the
 * line break and indentation its siblings have, so a pretty document stays pretty.
 */
export function insertTreeAfter(parent: Element, tree: XmlNode, after: Element | undefined): Element {
  const ref = after ?? children(parent)[0];
  if (!ref) return appendFirstChild(parent, tree);
  const doc = docOf(parent);
  // the whitespace before a sibling says how deep this level is indented
  const ws = isBlank(ref.previousSibling) ? (ref.previousSibling.nodeValue ?? '') : undefined;
  const el = indentedTree(doc, tree, lastLine(ws));
  parent.insertBefore(el, after ? after.nextSibling : ref);
  if (ws !== undefined) parent.insertBefore(doc.createTextNode(ws), after ? el : ref);
  return el;
}

/** The indentation at the end of a whitespace run ("\n    " -> "    "), if it has a line break. */
function lastLine(ws: string | null | undefined): string | undefined {
  return ws?.includes('\n') ? ws.slice(ws.lastIndexOf('\n') + 1) : undefined;
}

function indentedTree(doc: Document, tree: XmlNode, indent: string | undefined): Element {
  const el = createTree(doc, tree, 0, indent === undefined ? undefined : '  ');
  if (indent !== undefined) reindent(el, indent);
  return el;
}

/** The first child of an empty element: one level deeper than the parent, when the parent is indented. */
function appendFirstChild(parent: Element, tree: XmlNode): Element {
  const doc = docOf(parent);
  const outer = isBlank(parent.previousSibling) ? lastLine(parent.previousSibling.nodeValue) : undefined;
  const empty = !parent.firstChild || (isBlank(parent.firstChild) && !parent.firstChild.nextSibling);
  if (outer === undefined || !empty)
    return parent.appendChild(createTree(doc, tree, 0, undefined)) as Element;
  removeNode(parent.firstChild ?? undefined);
  const el = indentedTree(doc, tree, `${outer}  `);
  parent.appendChild(doc.createTextNode(`\n${outer}  `));
  parent.appendChild(el);
  parent.appendChild(doc.createTextNode(`\n${outer}`));
  return el;
}

/** createTree indents from column 0; shift a built element's inner lines to the sibling's column. */
function reindent(el: Element, indent: string): void {
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (isBlank(n)) n.nodeValue = (n.nodeValue ?? '').replace(/\n/g, `\n${indent}`);
    else if (isElement(n)) reindent(n, indent);
  }
}

/** Detaches an element and the whitespace that indented it. */
export function removeElement(el: Element): void {
  const before = el.previousSibling;
  if (isBlank(before)) removeNode(before);
  removeNode(el);
}

function isElement(n: Node | null): n is Element {
  return n !== null && n.nodeType === ELEMENT_NODE;
}

export function children(parent: Element | Document | undefined, name?: string): Element[] {
  if (!parent) return [];
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (isElement(n) && (name === undefined || n.tagName === name)) out.push(n);
  }
  return out;
}

export function child(parent: Element | Document | undefined, name: string): Element | undefined {
  if (!parent) return undefined;
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (isElement(n) && n.tagName === name) return n;
  }
  return undefined;
}

export function childrenNS(parent: Element | undefined, ns: string, localName: string): Element[] {
  return children(parent).filter((e) => e.namespaceURI === ns && e.localName === localName);
}

export function childNS(parent: Element | undefined, ns: string, localName: string): Element | undefined {
  return childrenNS(parent, ns, localName)[0];
}

export function find(parent: Element | Document | undefined, path: string): Element | undefined {
  let cur: Element | Document | undefined = parent;
  for (const part of path.split('/')) cur = child(cur, part);
  return cur as Element | undefined;
}

export function findAll(parent: Element | Document | undefined, path: string): Element[] {
  const parts = path.split('/');
  const last = parts.pop()!;
  const base = parts.length ? find(parent, parts.join('/')) : parent;
  return children(base, last === '*' ? undefined : last);
}

export function attr(el: Element | undefined, name: string): string | undefined {
  if (!el?.hasAttribute(name)) return undefined;
  return el.getAttribute(name) ?? undefined;
}

export function text(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  return (el.textContent ?? '').trim();
}

export function setAttr(el: Element, name: string, value: string | number | undefined): void {
  if (value === undefined) el.removeAttribute(name);
  else el.setAttribute(name, String(value));
}

export function setText(el: Element, value: string): void {
  while (el.firstChild) el.removeChild(el.firstChild);
  el.appendChild(docOf(el).createTextNode(value));
}

export function ensureChild(parent: Element, name: string): Element {
  return child(parent, name) ?? (parent.appendChild(docOf(parent).createElement(name)) as Element);
}

export function removeNode(node: Node | undefined): void {
  node?.parentNode?.removeChild(node);
}
