// @vitest-environment jsdom
// The event log panel (opened from the status bar, filtered, exported), its pure rules, the browser
// shell's notifications (permission, focus, the kinds turned off) and the wizard's '#/new' route.
import './dom';
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { EventLogEntry, Settings } from '../../../preload/contract';
import { NOTIFY_DEFAULTS } from '../../../preload/notify-rules';
import { startBrowserNotifications } from '../../../renderer/app/browser-notifications';
import {
  exportText,
  filterEntries,
  guestsIn,
  MAX_ENTRIES,
  mergeEntries,
} from '../../../renderer/features/event-log/event-log-view';
import { bridgeWith, FakeBridge, guest, URI } from './fake-bridge';
import { renderApp } from './render-app';

vi.mock('../../../renderer/features/console/ConsolePane', () => ({ ConsolePane: () => <div>console</div> }));
// the wizard's own tests cover it: here only whether the route opens it
vi.mock('../../../renderer/features/create-wizard/CreateWizard', () => ({
  CreateWizard: (p: { opened: boolean }) => (p.opened ? <div data-testid="wizard">the wizard</div> : null),
}));

let nextId = 1;
const entry = (e: Partial<EventLogEntry>): EventLogEntry => ({
  id: nextId++,
  time: new Date(2026, 11, 1, 17, 3, 9).getTime(),
  kind: 'lifecycle',
  event: 'started',
  detail: 'booted',
  message: 'Started: booted',
  ...e,
});
const web = { connection: URI, uuid: 'u-web', guest: 'web' };
const db = { connection: URI, uuid: 'u-db', guest: 'db' };

describe('the event log rules', () => {
  it('merges pushed entries newest first, without doubles, at most 1,000', () => {
    const a = entry({}),
      b = entry({}),
      c = entry({});
    expect(mergeEntries([b, a], [c, b]).map((e) => e.id)).toEqual([c.id, b.id, a.id]);
    const many = Array.from({ length: MAX_ENTRIES + 3 }, () => entry({}));
    expect(mergeEntries([], many)).toHaveLength(MAX_ENTRIES);
  });

  it('filters by guest and by kind; lists the guests it mentions', () => {
    const all = [
      entry({ ...web }),
      entry({ ...db, kind: 'error', event: 'vms.start' }),
      entry({ kind: 'connection' }),
    ];
    expect(filterEntries(all, { guest: `${URI}\nu-web`, kind: 'all' })).toEqual([all[0]]);
    expect(filterEntries(all, { guest: '', kind: 'error' })).toEqual([all[1]]);
    expect(guestsIn(all).map((g) => g.label)).toEqual(['db', 'web']);
  });

  it("exports one tab-separated line an entry with libvirt's event and detail", () => {
    const text = exportText([
      entry({
        ...web,
        event: 'stopped',
        detail: 'destroyed',
        message: 'Stopped: destroyed (outside KVM Desk)',
      }),
    ]);
    expect(text.split('\n')[1]).toBe(
      '2026-12-01 17:03:09\tGuest state\tweb\tStopped: destroyed (outside KVM Desk)\tstopped/destroyed',
    );
  });
});

describe('the event log panel', () => {
  it('opens from the status bar, newest first, with new entries as they happen, filtered by kind', async () => {
    const started = entry({ ...web });
    const destroyed = entry({ ...web, event: 'stopped', detail: 'destroyed', message: 'Stopped: destroyed' });
    const listed = [destroyed, started]; // newest first, as eventLog.list answers
    const bridge = bridgeWith([guest('web')]).handle('eventLog.list', () => listed);
    const { user } = await renderApp(bridge, { waitForRow: 'web' });
    await user.click(screen.getByTestId('open-event-log'));
    const dialog = await screen.findByTestId('event-log');
    await waitFor(() => expect(within(dialog).getAllByTestId('event-log-row')).toHaveLength(2));
    expect(within(dialog).getAllByTestId('event-log-row')[0].textContent).toContain(
      'libvirt: stopped/destroyed',
    );
    act(() =>
      bridge.emit(
        'eventLog.entry',
        entry({ kind: 'error', event: 'vms.start', message: 'Start failed: no' }),
      ),
    );
    await waitFor(() => expect(within(dialog).getAllByTestId('event-log-row')).toHaveLength(3));
    await user.click(within(within(dialog).getByTestId('event-log-kind')).getByText('Errors'));
    await waitFor(() => expect(within(dialog).getAllByTestId('event-log-row')).toHaveLength(1));
    expect(within(dialog).getByTestId('event-log-row').textContent).toContain('Start failed: no');
  }, 20_000);
});

describe('the wizard route', () => {
  it("'#/new' (the tray's New guest…) opens the new-guest wizard", async () => {
    await renderApp(bridgeWith([guest('web')]), { hash: '#/new', waitForRow: 'web' });
    expect(await screen.findByTestId('wizard', {}, { timeout: 10_000 })).toBeInTheDocument();
  }, 20_000);
});

describe('browser notifications', () => {
  class FakeNotification {
    static permission: NotificationPermission = 'granted';
    static made: FakeNotification[] = [];
    onclick: (() => void) | null = null;
    close = vi.fn();
    constructor(
      readonly title: string,
      readonly options: NotificationOptions,
    ) {
      FakeNotification.made.push(this);
    }
  }
  function page(hasFocus = false) {
    const listeners: Record<string, () => void> = {};
    return {
      document: { hasFocus: () => hasFocus, visibilityState: 'visible' },
      addEventListener: (t: string, l: () => void) => (listeners[t] = l),
      focus: vi.fn(),
      location: { hash: '' },
      fire: (t: string) => listeners[t]?.(),
    };
  }
  const setup = (notifications = NOTIFY_DEFAULTS, hasFocus = false) => {
    FakeNotification.made = [];
    const bridge = new FakeBridge().handle('settings.get', () => ({ notifications }) as Settings);
    const win = page(hasFocus);
    startBrowserNotifications(bridge, { Notification: FakeNotification as never, win: win as never });
    return { bridge, win };
  };
  const crash = () => entry({ ...web, event: 'crashed', detail: 'panicked', message: 'Crashed: panicked' });

  it('shows a crash while the page is not focused; a click focuses the window on the guest', async () => {
    const { bridge, win } = setup();
    bridge.emit('eventLog.entry', crash());
    await waitFor(() => expect(FakeNotification.made).toHaveLength(1));
    const [n] = FakeNotification.made;
    expect(n.title).toBe('web crashed');
    n.onclick?.();
    expect(win.focus).toHaveBeenCalled();
    expect(win.location.hash).toBe('#/vm/test%3A%2F%2F%2Fdefault/u-web');
  });

  it('shows nothing while the page has focus, and again after it is blurred', async () => {
    const { bridge, win } = setup(NOTIFY_DEFAULTS, true);
    bridge.emit('eventLog.entry', crash());
    win.fire('blur');
    bridge.emit('eventLog.entry', crash());
    await waitFor(() => expect(FakeNotification.made).toHaveLength(1));
  });

  it('shows nothing for a kind turned off, nor before the user allowed notifications', async () => {
    const { bridge } = setup({ ...NOTIFY_DEFAULTS, crashed: false });
    bridge.emit('eventLog.entry', crash());
    FakeNotification.permission = 'default';
    const other = setup();
    other.bridge.emit('eventLog.entry', crash());
    FakeNotification.permission = 'granted';
    await new Promise((r) => setTimeout(r, 20));
    expect(FakeNotification.made).toHaveLength(0);
    expect(other.bridge.callsOf('settings.get')).toHaveLength(0);
  });

  it('does nothing in Electron: main notifies there', () => {
    const bridge = new FakeBridge();
    bridge.shell = 'electron';
    const on = vi.spyOn(bridge, 'on');
    startBrowserNotifications(bridge, { Notification: FakeNotification as never, win: page() as never });
    expect(on).not.toHaveBeenCalled();
  });
});
