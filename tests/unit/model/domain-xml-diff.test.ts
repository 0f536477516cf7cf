// The structural check the domain-edit tests rely on catches what it must (tests/support/domain-xml-diff.ts).
import { describe, expect, it } from 'vitest';
import { children, findAll } from '../../../main/model/xml';
import { expectOnlyChanged } from '../../support/domain-xml-diff';
import { fixture } from './domain-edit-fixtures';

const xml = fixture('fx1.dumpxml');
const nothing = () => [];

describe('the "only the edited element changed" check', () => {
  it('passes on the same guest written with other quotes and whitespace', () => {
    expectOnlyChanged(xml, xml.replace(/'/g, '"').replace(/\n\s*/g, ''), nothing);
  });

  it('fails when an unknown element is lost, moved or changed', () => {
    expect(() => expectOnlyChanged(xml, xml.replace(/<panic model='isa'\/>/, ''), nothing)).toThrow();
    const moved = xml.replace(/\s*<panic model='isa'\/>/, '').replace('<vsock', "<panic model='isa'/><vsock");
    expect(moved).not.toBe(xml);
    expect(() => expectOnlyChanged(xml, moved, nothing)).toThrow();
    expect(() => expectOnlyChanged(xml, xml.replace("type='memfd'", "type='file'"), nothing)).toThrow();
    expect(() => expectOnlyChanged(xml, xml.replace('KVMDeskFixtures', 'x'), nothing)).toThrow();
  });

  it('ignores only the picked elements', () => {
    const edited = xml.replace("<sound model='ich9'>", "<sound model='ich6'>");
    expect(() => expectOnlyChanged(xml, edited, nothing)).toThrow();
    const { before, after } = expectOnlyChanged(xml, edited, (r) => findAll(r, 'devices/sound'));
    expect(before[0]).toContain('ich9');
    expect(after[0]).toContain('ich6');
    expect(() => expectOnlyChanged(xml, edited, (r) => children(r, 'cpu'))).toThrow();
  });
});
