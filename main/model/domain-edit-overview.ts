// A guest's title and description: plain text the user types, kept as text (the XML library escapes
// it; `]]>`, `<script>` and any unicode come back as typed). Renaming is libvirt's job
// (virDomainRename), not an XML edit.
//
// Exports:
//   setTitle(xml, title|undefined): string              <title>; empty or undefined removes it
//   setDescription(xml, text|undefined): string         <description>; empty or undefined removes it
import { DOMAIN_ORDER, DomainEditError, editDomain, insertInOrder } from './domain-edit-core';
import { children, removeElement, setText, type XmlElement } from './xml';

/** XML 1.0 cannot hold these at all, escaped or not: most C0 controls, U+FFFE/F, lone surrogates. */
function fitsXml(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
    if (c === 0xfffe || c === 0xffff) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

function checkText(what: string, value: string): void {
  if (!fitsXml(value)) {
    throw new DomainEditError(`The ${what} contains a control character that cannot be saved.`);
  }
}

function setTextElement(root: XmlElement, name: 'title' | 'description', value: string | undefined): void {
  const existing = children(root, name);
  if (value === undefined || value === '') {
    for (const e of existing) removeElement(e);
    return;
  }
  const el = existing[0] ?? insertInOrder(root, { name, attrs: {}, children: [] }, DOMAIN_ORDER);
  setText(el, value);
}

export function setTitle(xml: string, title: string | undefined): string {
  if (title !== undefined) {
    checkText('title', title);
    // libvirt 9.0: "Domain title can't contain newlines"
    if (/[\r\n]/.test(title)) throw new DomainEditError('A title is one line: remove the line breaks.');
  }
  return editDomain(xml, (root) => setTextElement(root, 'title', title));
}

export function setDescription(xml: string, text: string | undefined): string {
  if (text !== undefined) checkText('description', text);
  return editDomain(xml, (root) => setTextElement(root, 'description', text));
}
