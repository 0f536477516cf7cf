// Every lifecycle call on a real guest (domain type qemu booting grub-rescue-cdrom.iso), checked
// against virsh and against the events the guest list emits. Run under the guest lock.
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defineTestGuest,
  GRUB_ISO,
  removeTestGuest,
  virsh,
  virshState,
  waitFor,
} from '../../../e2e/browser/test-guests';
import { startTestBackend, startWithTestGuest, type TestBackend, URI } from './backend';

const NAME = `kvmdesk-test-lifecycle-${process.pid}`;
let t: TestBackend;
let ref: { connection: string; uuid: string };

beforeAll(async () => {
  ({ t, ref } = await startWithTestGuest(NAME, { iso: GRUB_ISO }));
});
afterAll(async () => {
  await removeTestGuest(NAME);
  await t?.stop();
});

/** waits until no event about the guest has come for `ms` (a reset's reboot events may trail it) */
async function settled(ms = 1500): Promise<void> {
  const about = (e: TestBackend['events'][number]) =>
    (e.payload as { uuid?: string } | undefined)?.uuid === ref.uuid;
  await waitFor(
    'the guest to be quiet',
    () => {
      const last = t.events.filter(about).at(-1);
      return !last || Date.now() - last.at >= ms;
    },
    20_000,
  );
}

/** calls, then waits until the guest list says `state (reason)` */
async function act(method: Parameters<TestBackend['ok']>[0], state: string, reason?: string) {
  const since = Date.now();
  await t.ok(method, ref as never);
  return t.waitEvent(
    'vm.changed',
    (vm) => vm.uuid === ref.uuid && vm.state === state && (!reason || vm.reason === reason),
    {
      since,
    },
  );
}

/** the guest's screen as QEMU has it (virsh screenshot: PNG from QEMU 7.1 on, PPM before), RGB pixels */
async function screen(): Promise<Buffer> {
  const file = join(tmpdir(), `${NAME}-${Date.now()}.img`);
  await virsh('screenshot', NAME, file);
  try {
    const img = await readFile(file);
    if (img.subarray(1, 4).toString() === 'PNG') return PNG.sync.read(img).data;
    // P6 <width> <height> 255, then RGB: skip the header's 4 fields
    let fields = 0;
    let i = 0;
    while (fields < 4) {
      while (/\s/.test(String.fromCharCode(img[i]))) i++;
      while (!/\s/.test(String.fromCharCode(img[i]))) i++;
      fields++;
    }
    return img.subarray(i + 1);
  } finally {
    await rm(file, { force: true });
  }
}

/** share of bytes that differ between two screens of the same size */
function difference(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) return 1;
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n / a.length;
}

const second = () => new Promise((r) => setTimeout(r, 1000));

/** GRUB's menu, counting down its 30 s timeout: the screen changes a little every second */
async function grubCountingDown(): Promise<Buffer> {
  let last = await screen();
  let ticks = 0;
  const menu = await waitFor(
    "GRUB's menu to count down",
    async () => {
      await second();
      const now = await screen();
      const d = difference(last, now);
      last = now;
      ticks = d > 0 && d < 0.01 ? ticks + 1 : 0;
      return ticks >= 2 ? now : undefined;
    },
    90_000,
  );
  return menu!;
}

/** the screen once it has stopped changing for a second */
async function steadyScreen(): Promise<Buffer> {
  let last = await screen();
  const steady = await waitFor(
    'the screen to settle',
    async () => {
      await second();
      const now = await screen();
      const same = difference(last, now) === 0 && now.some((v) => v > 0);
      last = now;
      return same ? now : undefined;
    },
    60_000,
  );
  return steady!;
}

describe('guest lifecycle through the api', () => {
  it('starts the guest: virsh says running, the list says running (booted)', async () => {
    await act('vms.start', 'running', 'booted');
    expect(await virshState(NAME)).toBe('running');
    const started = await t.waitEvent('vm.lifecycle', (e) => e.uuid === ref.uuid && e.event === 'started');
    expect(started.payload.detail).toBe('booted');
  });

  it('takes a screenshot of the running guest as PNG', async () => {
    const shot = await t.ok('vms.screenshot', ref);
    const png = Buffer.from(shot.pngBase64, 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(200);
  });

  it('pauses and resumes', async () => {
    await act('vms.pause', 'paused', 'paused by user');
    expect(await virshState(NAME)).toBe('paused');
    await act('vms.resume', 'running', 'unpaused');
    expect(await virshState(NAME)).toBe('running');
  });

  it('saves the state and resumes from it: the list says Saved, and GRUB comes back with the same entry highlighted', async () => {
    const fresh = await grubCountingDown();
    // a key stops the countdown and moves GRUB's highlight: the state to come back to
    await virsh('send-key', NAME, 'KEY_DOWN');
    const before = await steadyScreen();
    expect(difference(fresh, before)).toBeGreaterThan(0);

    const saved = await act('vms.saveState', 'shutoff', 'saved');
    expect(saved.payload.savedState).toBe(true);
    expect(await virsh('dominfo', NAME)).toMatch(/Managed save:\s+yes/);
    // a fresh listing (another window, a reconnect) sees it too: libvirt's MANAGEDSAVE list filter
    const other = await startTestBackend();
    try {
      const [listed] = (await other.ok('app.snapshot', {})).vms.filter((vm) => vm.uuid === ref.uuid);
      expect(listed).toMatchObject({ state: 'shutoff', savedState: true });
    } finally {
      await other.stop();
    }

    const resumed = await act('vms.start', 'running', 'restored');
    expect(resumed.payload.savedState).toBeUndefined();
    const after = await steadyScreen();
    expect(difference(before, after)).toBe(0);
    expect(await virsh('dominfo', NAME)).toMatch(/Managed save:\s+no/);
  });

  it('discards a saved state: the next start boots afresh', async () => {
    await act('vms.saveState', 'shutoff', 'saved');
    const since = Date.now();
    await t.ok('vms.discardSavedState', ref);
    // libvirt sends no event for it: the store refreshes the guest itself
    await t.waitEvent('vm.changed', (vm) => vm.uuid === ref.uuid && !vm.savedState, { since });
    expect(await virsh('dominfo', NAME)).toMatch(/Managed save:\s+no/);
    await act('vms.start', 'running', 'booted');
    // a second discard has nothing to do
    await t.ok('vms.discardSavedState', ref);
  });

  it('reboots and resets without stopping the guest; the reboot request is pending until the reset', async () => {
    // GRUB ignores ACPI: libvirt accepts the reboot request and the guest keeps running
    const asked = Date.now();
    expect(await t.call('vms.reboot', ref)).toMatchObject({ ok: true });
    const pending = await t.waitEvent('vm.changed', (vm) => vm.uuid === ref.uuid && !!vm.pendingRequest, {
      since: asked,
    });
    expect(pending.payload.pendingRequest).toMatchObject({ action: 'reboot', overdue: false });
    expect(pending.payload.pendingRequest!.since).toBeGreaterThanOrEqual(asked);
    expect(await virshState(NAME)).toBe('running');
    // libvirt reports the reset as its reboot event, which ends the request
    const reset = Date.now();
    expect((await t.call('vms.reset', ref)).ok).toBe(true);
    await t.waitEvent('vm.changed', (vm) => vm.uuid === ref.uuid && !vm.pendingRequest, { since: reset });
    expect(await virshState(NAME)).toBe('running');
  });

  it('asks for an ACPI shutdown (accepted by libvirt; GRUB does not act on it): pending, then overdue', async () => {
    await t.ok('settings.set', { shutdownTimeoutSeconds: 2 });
    // a reboot event still trailing the last test's reset would end this request (rightly: the guest reacted)
    await settled();
    const asked = Date.now();
    expect(await t.call('vms.shutdown', ref)).toMatchObject({ ok: true });
    const pending = await t.waitEvent(
      'vm.changed',
      (vm) => vm.uuid === ref.uuid && vm.pendingRequest?.action === 'shutdown',
      { since: asked },
    );
    expect(pending.payload.pendingRequest?.overdue).toBe(false);
    const overdue = await t.waitEvent(
      'vm.changed',
      (vm) => vm.uuid === ref.uuid && vm.pendingRequest?.overdue === true,
      { since: asked, timeoutMs: 30_000 },
    );
    expect(overdue.at - asked).toBeGreaterThanOrEqual(1900);
    expect(overdue.payload.state).toBe('running');
    const [listed] = (await t.ok('app.snapshot', {})).vms.filter((vm) => vm.uuid === ref.uuid);
    expect(listed.pendingRequest).toMatchObject({ action: 'shutdown', overdue: true });
  });

  it('forces the guest off: shut off (destroyed), and the shutdown request is over', async () => {
    const off = await act('vms.forceOff', 'shutoff', 'destroyed');
    expect(off.payload.pendingRequest).toBeUndefined();
    expect(await virshState(NAME)).toBe('shut off');
  });

  it("answers a stopped guest's pause with libvirt's own message", async () => {
    const r = await t.call('vms.pause', ref);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('LIBVIRT');
      expect(r.error.message).toMatch(/not running/);
      expect(r.error.detail?.libvirtCode).toBe(55);
    }
  });

  it('details list the CD-ROM as not deletable', async () => {
    const d = await t.ok('vms.details', ref);
    expect(d).toMatchObject({ name: NAME, state: 'shutoff', firmware: 'bios', domainType: 'qemu' });
    expect(d.disks).toContainEqual(
      expect.objectContaining({ device: 'cdrom', readonly: true, deletable: false }),
    );
  });

  it('ejects the CD-ROM media', async () => {
    await t.ok('vms.ejectMedia', { ...ref, target: 'sdb' });
    await waitFor(
      'the ISO to leave the XML',
      async () => !(await virsh('dumpxml', NAME)).includes('kvmdesk-test-grub.iso'),
    );
    const r = await t.call('vms.ejectMedia', { ...ref, target: 'hdz' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', detail: { field: 'target' } } });
  });

  it('a refused request is not left pending', async () => {
    const since = Date.now();
    expect((await t.call('vms.shutdown', ref)).ok).toBe(false); // it is off
    await new Promise((r) => setTimeout(r, 200));
    const last = t.events.filter((e) => e.at >= since && e.event === 'vm.changed').at(-1);
    if (last) expect((last.payload as { pendingRequest?: unknown }).pendingRequest).toBeUndefined();
    const [listed] = (await t.ok('app.snapshot', {})).vms.filter((vm) => vm.uuid === ref.uuid);
    expect(listed.pendingRequest).toBeUndefined();
  });

  it('answers NOT_FOUND for a guest that does not exist', async () => {
    const r = await t.call('vms.start', { connection: URI, uuid: '00000000-0000-4000-8000-000000000000' });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('a transient guest (virsh create)', () => {
  const TRANSIENT = `kvmdesk-test-transient-${process.pid}`;
  afterAll(() => removeTestGuest(TRANSIENT));

  it('is made permanent from its live XML: virsh dominfo says Persistent: yes', async () => {
    const since = Date.now();
    const g = await defineTestGuest(TRANSIENT, { iso: GRUB_ISO, transient: true });
    const seen = await t.waitEvent('vm.changed', (vm) => vm.uuid === g.uuid, { since });
    expect(seen.payload).toMatchObject({ persistent: false, state: 'running' });
    expect(await virsh('dominfo', g.uuid)).toMatch(/Persistent:\s+no/);

    const asked = Date.now();
    await t.ok('vms.makePermanent', { connection: URI, uuid: g.uuid });
    expect(await virsh('dominfo', g.uuid)).toMatch(/Persistent:\s+yes/);
    await t.waitEvent('vm.changed', (vm) => vm.uuid === g.uuid && vm.persistent, { since: asked });
    // the definition is the guest as it runs, still KVM Desk's test guest (its CD-ROM, its description)
    const inactive = await virsh('dumpxml', '--inactive', g.uuid);
    expect(inactive).toContain('kvmdesk-test-grub.iso');
    expect(inactive).toContain('made by the KVM Desk e2e fixture');
    // a second call has nothing to do
    await t.ok('vms.makePermanent', { connection: URI, uuid: g.uuid });
  });
});
