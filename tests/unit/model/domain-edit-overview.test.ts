import { describe, expect, it } from 'vitest';
import { DomainEditError, setDescription, setTitle } from '../../../main/model/domain-edit';
import { child, children, text } from '../../../main/model/xml';
import { expectOnlyChanged, previousElement, rootOf, unmodelledOf } from '../../support/domain-xml-diff';
import { expectValidDomain } from '../../support/virt-xml-validate';
import { FIXTURES } from './domain-edit-fixtures';

const TRICKY = 'Büro ]]> <script>alert("x")</script> & 日本語 😀';

describe('the fixtures are full of things KVM Desk does not model', () => {
  it.each(FIXTURES)('$name', ({ xml }) => {
    expect(unmodelledOf(xml).length).toBeGreaterThan(2);
    expectValidDomain(xml);
  });
});

describe.each(FIXTURES)('overview edits of $name', ({ xml }) => {
  const titles = (r: ReturnType<typeof rootOf>) => children(r, 'title');
  const descriptions = (r: ReturnType<typeof rootOf>) => children(r, 'description');

  it('sets a title with markup, ]]> and unicode, and it reads back as typed', () => {
    const after = setTitle(xml, TRICKY);
    const { after: lines } = expectOnlyChanged(xml, after, titles);
    expect(lines).toHaveLength(1);
    const title = child(rootOf(after), 'title')!;
    expect(text(title)).toBe(TRICKY);
    // libvirt's place: after <uuid>
    expect(previousElement(title)?.tagName).toBe('uuid');
    expect(after).not.toContain('<script>');
    expectValidDomain(after);
  });

  it('removes the title when it is cleared', () => {
    const after = setTitle(setTitle(xml, 'x'), '');
    expectOnlyChanged(xml, after, titles);
    expect(child(rootOf(after), 'title')).toBeUndefined();
    expectValidDomain(after);
  });

  it('refuses a title on two lines or with control characters, in the user’s words', () => {
    expect(() => setTitle(xml, 'one\ntwo')).toThrow(/one line/);
    expect(() => setTitle(xml, 'bell\u0007')).toThrow(DomainEditError);
    expect(() => setTitle(xml, 'half \uD83D surrogate')).toThrow(/control character/);
  });

  it('sets a description of several lines with markup and unicode, after the title', () => {
    const value = `${TRICKY}\nsecond line\n\ttabbed`;
    const after = setDescription(setTitle(xml, 'A title'), value);
    expectOnlyChanged(xml, after, (r) => [...titles(r), ...descriptions(r)]);
    const description = child(rootOf(after), 'description')!;
    expect(description.textContent).toBe(value);
    expect(previousElement(description)?.tagName).toBe('title');
    expectValidDomain(after);
  });

  it('removes the description when it is cleared, and only it', () => {
    const withOne = setDescription(xml, 'something');
    const after = setDescription(withOne, undefined);
    expectOnlyChanged(withOne, after, descriptions);
    expect(child(rootOf(after), 'description')).toBeUndefined();
    expect(() => setDescription(xml, 'nul\u0000')).toThrow(/control character/);
  });
});
