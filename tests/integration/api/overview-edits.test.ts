// The Overview's edits through the api against a real libvirtd, each checked with virsh: rename of a
// shut-off guest (the list follows it by uuid, from libvirt's renamed events), title and description
// with XML's own syntax and unicode, OS in KVM Desk's metadata, autostart. A running guest's rename is
// refused over the test driver (a running QEMU guest would prove nothing more).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineTestGuest, removeTestGuest, virsh } from '../../../e2e/browser/test-guests';
import { startTestBackend, type TestBackend, URI } from './backend';

const NAME = `kvmdesk-test-overview-${process.pid}`;
const OTHER = `kvmdesk-test-overview-other-${process.pid}`;
const RENAMED = `kvmdesk-test-overview-renamed-${process.pid}`;
// keeps the e2e fixture's mark, so a crashed run's sweep still knows the guest as its own
const DESCRIPTION =
  'made by the KVM Desk e2e fixture\nends a CDATA: ]]> and <script>alert("x")</script> & Grüße 名前 🚀';
const TITLE = 'Web <b>server</b> ]]> “quoted” – 日本語';

let t: TestBackend;
let uuid: string;
let otherUuid: string;

beforeAll(async () => {
  t = await startTestBackend();
  const since = Date.now();
  uuid = (await defineTestGuest(NAME)).uuid;
  otherUuid = (await defineTestGuest(OTHER)).uuid;
  await t.waitEvent('vm.changed', (vm) => vm.uuid === otherUuid, { since });
});
afterAll(async () => {
  for (const id of [uuid, otherUuid]) if (id) await removeTestGuest(id);
  await t?.stop();
});

describe('editing a shut-off guest’s overview on qemu:///system', () => {
  it('renames it: virsh knows the new name, the list follows the same uuid (no second entry)', async () => {
    const since = Date.now();
    await t.ok('vms.rename', { connection: URI, uuid, name: RENAMED });
    expect(await virsh('domname', uuid)).toBe(RENAMED);
    const seen = await t.waitEvent('vm.changed', (vm) => vm.uuid === uuid && vm.name === RENAMED, { since });
    expect(seen.payload.state).toBe('shutoff');
    const lifecycle = t.events.filter(
      (e) => e.at >= since && e.event === 'vm.lifecycle' && (e.payload as { uuid: string }).uuid === uuid,
    );
    expect(lifecycle.map((e) => (e.payload as { event: string; detail: string }).detail)).toContain(
      'renamed',
    );
    // the guest was never removed from the list, and it is there once, under its new name
    expect(t.events.some((e) => e.at >= since && e.event === 'vm.removed')).toBe(false);
    const listed = (await t.ok('app.snapshot', {})).vms.filter((vm) => vm.uuid === uuid);
    expect(listed.map((vm) => vm.name)).toEqual([RENAMED]);
  });

  it('refuses another guest’s name (NAME_TAKEN) and a name the wizard would refuse, in words', async () => {
    const taken = await t.call('vms.rename', { connection: URI, uuid, name: OTHER });
    expect(taken).toMatchObject({
      ok: false,
      error: { code: 'NAME_TAKEN', message: `A guest named "${OTHER}" already exists. Choose another name.` },
    });
    const bad = await t.call('vms.rename', { connection: URI, uuid, name: 'web server/1' });
    expect(bad).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message:
          "A guest name can't contain spaces or /. Use letters, digits, dots (.), hyphens (-) and underscores (_).",
        detail: { field: 'name' },
      },
    });
    expect(await virsh('domname', uuid)).toBe(RENAMED);
  });

  it('stores title and description as plain text: virsh dumpxml escapes them, virsh desc gives them back', async () => {
    const since = Date.now();
    await t.ok('vms.setInfo', { connection: URI, uuid, title: TITLE, description: DESCRIPTION });
    const xml = await virsh('dumpxml', '--inactive', uuid);
    expect(xml).toContain('<title>Web &lt;b&gt;server&lt;/b&gt; ]]&gt; “quoted” – 日本語</title>');
    expect(xml).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Grüße 名前 🚀</description>',
    );
    expect(xml).not.toContain('<script>');
    expect(await virsh('desc', uuid, '--config', '--title')).toBe(TITLE);
    expect(await virsh('desc', uuid, '--config')).toBe(DESCRIPTION);
    // the list learns the title from libvirt's metadata event; the details read both back exactly
    await t.waitEvent('vm.changed', (vm) => vm.uuid === uuid && vm.title === TITLE, { since });
    const details = await t.ok('vms.details', { connection: URI, uuid });
    expect(details).toMatchObject({ title: TITLE, description: DESCRIPTION });
  });

  it('keeps everything else of the definition: the disks, the devices, the memory', async () => {
    const xml = await virsh('dumpxml', '--inactive', uuid);
    expect(xml).toContain("<memory unit='KiB'>262144</memory>");
    expect(xml).toContain("<graphics type='vnc'");
    expect(xml).toContain('<on_poweroff>destroy</on_poweroff>');
  });

  it('a title with a line break is refused in words, and nothing changes', async () => {
    const r = await t.call('vms.setInfo', { connection: URI, uuid, title: 'two\nlines', description: 'x' });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: "A title is one line: it can't contain line breaks." },
    });
    expect(await virsh('desc', uuid, '--config')).toBe(DESCRIPTION);
  });

  it('remembers the chosen OS in KVM Desk’s metadata and changes nothing else', async () => {
    const before = await virsh('dumpxml', '--inactive', uuid);
    const since = Date.now();
    await t.ok('vms.setInfo', { connection: URI, uuid, osId: 'debian11' });
    const after = await virsh('dumpxml', '--inactive', uuid);
    expect(after).toMatch(/<kvmdesk:os id="debian11" name="Debian 11" family="linux"\/>/);
    const withoutMetadata = (x: string) => x.replace(/<metadata>[\s\S]*<\/metadata>\s*/, '');
    expect(withoutMetadata(after)).toBe(withoutMetadata(before));
    await t.waitEvent('vm.changed', (vm) => vm.uuid === uuid && vm.osId === 'debian11', { since });
    const unknown = await t.call('vms.setInfo', { connection: URI, uuid, osId: 'kvmdesk-test-no-such-os' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', detail: { field: 'osId' } } });
  });

  it('turns autostart on and off: virsh dominfo says so, and the list too (libvirt sends no event)', async () => {
    await t.ok('vms.setAutostart', { connection: URI, uuid, enabled: true });
    expect(await virsh('dominfo', uuid)).toMatch(/Autostart:\s+enable/);
    expect((await t.ok('app.snapshot', {})).vms.find((vm) => vm.uuid === uuid)?.autostart).toBe(true);
    const since = Date.now();
    await t.ok('vms.setAutostart', { connection: URI, uuid, enabled: false });
    expect(await virsh('dominfo', uuid)).toMatch(/Autostart:\s+disable/);
    await t.waitEvent('vm.changed', (vm) => vm.uuid === uuid && vm.autostart === false, { since });
  });

  it('a backend started afresh lists autostart as libvirt has it (its first listing, no events)', async () => {
    const listed = async () => {
      const fresh = await startTestBackend();
      try {
        return (await fresh.ok('app.snapshot', {})).vms.find((vm) => vm.uuid === uuid)?.autostart;
      } finally {
        await fresh.stop();
      }
    };
    expect(await virsh('domstate', uuid)).toMatch(/shut off/); // a shut-off guest without autostart
    expect(await listed()).toBe(false);
    await virsh('autostart', uuid);
    try {
      expect(await listed()).toBe(true);
    } finally {
      await virsh('autostart', uuid, '--disable');
    }
  });
});

describe('a running guest over the test driver', () => {
  let dir: string;
  let td: TestBackend;
  let uri: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kvmdesk-test-overview-'));
    const file = join(dir, 'node.xml');
    // the test driver starts every domain of its file
    writeFileSync(
      file,
      `<node><domain type='test'><name>kvmdesk-test-running</name><uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
        <memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain></node>`,
    );
    uri = `test+unix://${file}`;
    td = await startTestBackend(uri);
  });
  afterAll(async () => {
    await td?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to rename it and says to shut it off first; its title can still change, live', async () => {
    const ref = { connection: uri, uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f' };
    expect((await td.ok('app.snapshot', {})).vms).toMatchObject([
      { name: 'kvmdesk-test-running', state: 'running' },
    ]);
    const r = await td.call('vms.rename', { ...ref, name: 'kvmdesk-test-running-2' });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'WRONG_STATE',
        message: 'Shut kvmdesk-test-running off to rename it: a guest can be renamed only while it is off.',
      },
    });
    const since = Date.now();
    await td.ok('vms.setInfo', { ...ref, title: 'still running ]]>' });
    await td.waitEvent('vm.changed', (vm) => vm.title === 'still running ]]>', { since });
  });
});
