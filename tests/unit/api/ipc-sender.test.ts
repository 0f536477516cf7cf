// The Electron shell's IPC sender check, without Electron: only the top frame of one of our windows
// showing our own page may call the api; anything else gets PERMISSION and the api is never called.
import { describe, expect, it } from 'vitest';
import type { Api } from '../../../main/api';
import { answerCall, fromOwnPage, type IpcSender } from '../../../main/shells/electron/ipc-sender';
import { APP_ORIGIN } from '../../../main/shells/electron/paths';

interface FakeContents {
  id: number;
}
const ours: FakeContents = { id: 1 };
const stranger: FakeContents = { id: 2 }; // e.g. a devtools or a window some library opened
const isOurWindow = (wc: FakeContents) => wc === ours;
const OWN_PAGE = `${APP_ORIGIN}/index.html#/`;

function event(sender: FakeContents, url: string | null, parent: unknown = null): IpcSender<FakeContents> {
  return { sender, senderFrame: url === null ? null : { url, parent } };
}

function recordingApi() {
  const calls: unknown[][] = [];
  const api: Api = {
    methods: [],
    call: async (method, args) => {
      calls.push([method, args]);
      return { ok: true, value: 'answered' };
    },
  };
  return { api, calls };
}

describe('fromOwnPage', () => {
  it('accepts the top frame of our window on our page', () => {
    expect(fromOwnPage(event(ours, OWN_PAGE), isOurWindow)).toBe(true);
    expect(
      fromOwnPage(event(ours, `${APP_ORIGIN}/index.html#/console/qemu%3A%2F%2F%2Fsystem/u`), isOurWindow),
    ).toBe(true);
  });

  it('refuses a sender that is not one of our windows, even showing our page', () => {
    expect(fromOwnPage(event(stranger, OWN_PAGE), isOurWindow)).toBe(false);
  });

  it('refuses a subframe, a foreign page, and a frame that is gone', () => {
    expect(fromOwnPage(event(ours, OWN_PAGE, { url: OWN_PAGE }), isOurWindow)).toBe(false);
    expect(fromOwnPage(event(ours, 'https://evil.example/'), isOurWindow)).toBe(false);
    expect(fromOwnPage(event(ours, 'file:///etc/passwd'), isOurWindow)).toBe(false);
    expect(fromOwnPage(event(ours, 'kvmdesk://app.evil.example/index.html'), isOurWindow)).toBe(false);
    expect(fromOwnPage(event(ours, 'not a url'), isOurWindow)).toBe(false);
    expect(fromOwnPage(event(ours, null), isOurWindow)).toBe(false);
  });
});

describe('answerCall (the kvm:call handler)', () => {
  it('answers our page with the api', async () => {
    const { api, calls } = recordingApi();
    const r = await answerCall(api, event(ours, OWN_PAGE), isOurWindow, 'vms.start', { uuid: 'u' });
    expect(r).toEqual({ ok: true, value: 'answered' });
    expect(calls).toEqual([['vms.start', { uuid: 'u' }]]);
  });

  it('refuses anything else with PERMISSION, and never calls the api', async () => {
    const { api, calls } = recordingApi();
    for (const e of [
      event(stranger, OWN_PAGE),
      event(ours, 'https://evil.example/'),
      event(ours, OWN_PAGE, {}),
      event(ours, null),
    ]) {
      const r = await answerCall(api, e, isOurWindow, 'vms.delete', { uuid: 'u' });
      expect(r).toMatchObject({ ok: false, error: { code: 'PERMISSION' } });
    }
    expect(calls).toEqual([]);
  });
});
