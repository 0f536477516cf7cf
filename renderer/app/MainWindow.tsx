// The main window: toolbar on top, guest list on the left, the selected guest on the right,
// connection state at the bottom.
import { Center, Stack, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconDeviceDesktop } from '@tabler/icons-react';
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { VmRef, VmSummary } from '../../preload/contract';
import { guestHash, NEW_GUEST_HASH } from '../../preload/routes';
import { EventLogPanel } from '../features/event-log/EventLogPanel';
import { SettingsDialog } from '../features/settings/SettingsDialog';
import { GuestDetails } from '../features/vm-details/GuestDetails';
import { type DetailsTab, detailsTab } from '../features/vm-details/tabs';
import { GUEST_ACTIONS, type GuestAction, newGuestKey, pauseOrResume } from '../features/vm-list/actions';
import { guestAllowances, isConnected } from '../features/vm-list/allowed';
import { countGuests, type StateFilter, visibleGuests } from '../features/vm-list/filter';
import { GuestList } from '../features/vm-list/GuestList';
import { useGuestActions } from '../features/vm-list/useGuestActions';
import { AppToolbar } from './AppToolbar';
import { Banners } from './Banners';
import { startBrowserNotifications } from './browser-notifications';
import { useAppState, useBridge, useGuestStore } from './context';
import { CreateWizard } from './lazy';
import { StatusBar } from './StatusBar';
import { useGuestRoute } from './useGuestRoute';

export function MainWindow(props: { initialHash: string; useLocation: boolean }) {
  const bridge = useBridge();
  const loaded = useAppState((s) => s.loaded);
  const vms = useAppState((s) => s.vms);
  const connectionMap = useAppState((s) => s.connections);
  const hosts = useAppState((s) => s.hosts);
  const connections = useMemo(() => Object.values(connectionMap), [connectionMap]);
  const main = connections[0];

  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<StateFilter>('all');
  const [route, setRoute] = useGuestRoute(props.initialHash, props.useLocation);
  const tab = detailsTab(route?.tab);
  // another guest keeps the tab the user is on, as VirtualBox keeps its details section
  const setSelectedRef = useCallback(
    (ref: VmRef) => setRoute({ connection: ref.connection, uuid: ref.uuid, tab }),
    [setRoute, tab],
  );
  const routeChecked = useRef(false);
  const [wizardOpen, setWizardOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [eventLogOpen, setEventLogOpen] = useState(false);
  // the browser shell's desktop notifications (Electron's come from main)
  useEffect(() => startBrowserNotifications(bridge), [bridge]);
  // '#/new' (the tray's New guest…) opens the wizard over the guest shown, whose hash it then restores
  const routeRef = useRef(route);
  routeRef.current = route;
  useEffect(() => {
    const openWizard = (hash: string) => {
      if (hash !== NEW_GUEST_HASH) return;
      setWizardOpen(true);
      if (!props.useLocation) return;
      const back = routeRef.current
        ? guestHash(routeRef.current)
        : window.location.pathname + window.location.search;
      window.history.replaceState(window.history.state, '', back);
    };
    openWizard(props.initialHash);
    if (!props.useLocation) return;
    const follow = () => openWizard(window.location.hash);
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [props.initialHash, props.useLocation]);
  const actions = useGuestActions(setSelectedRef);

  const guests = useMemo(() => visibleGuests(vms, search, filter), [vms, search, filter]);
  const total = useMemo(() => countGuests(vms), [vms]);
  const running = useMemo(
    () =>
      Object.values(vms).reduce(
        (n, byUuid) =>
          n + Object.values(byUuid).filter((g) => g.state === 'running' || g.state === 'blocked').length,
        0,
      ),
    [vms],
  );
  const selected: VmSummary | undefined = route ? vms[route.connection]?.[route.uuid] : undefined;

  // like VirtualBox: the first guest is selected when the list first appears, unless the route (a
  // reload) names one that exists; later a guest that goes away leaves the pane empty
  useEffect(() => {
    if (!loaded || routeChecked.current || !guests.length) return;
    routeChecked.current = true;
    if (!selected) setSelectedRef(guests[0]);
  }, [loaded, selected, guests, setSelectedRef]);

  const select = useCallback((vm: VmSummary) => setSelectedRef(vm), [setSelectedRef]);
  const showTab = useCallback(
    (t: DetailsTab) => route && setRoute({ connection: route.connection, uuid: route.uuid, tab: t }),
    [route, setRoute],
  );
  const { request } = actions;
  const store = useGuestStore();
  const open = useCallback(
    (vm: VmSummary) =>
      request(guestAllowances(vm, isConnected(store.getState(), vm)).start.enabled ? 'start' : 'console', vm),
    [request, store],
  );

  const busy = actions.dialogOpen || wizardOpen || settingsOpen || eventLogOpen;
  const onSelected = (action: GuestAction | 'pauseResume') => () => {
    if (busy || !selected) return;
    request(action === 'pauseResume' ? pauseOrResume(selected.state) : action, selected);
  };
  const move = (delta: number) => () => {
    // an open menu uses the arrow keys itself, and the details' tab list its Home and End
    if (busy || !guests.length || document.querySelector('[role="menu"]')) return;
    if (document.activeElement?.closest('[role="tablist"]')) return;
    const i = selected ? guests.indexOf(selected) : -1;
    const next = guests[Math.max(0, Math.min(guests.length - 1, i < 0 ? 0 : i + delta))];
    select(next);
  };
  useHotkeys([
    [GUEST_ACTIONS.start.shortcut!.hotkey, onSelected('start')],
    [GUEST_ACTIONS.shutdown.shortcut!.hotkey, onSelected('shutdown')],
    [GUEST_ACTIONS.forceOff.shortcut!.hotkey, onSelected('forceOff')],
    [GUEST_ACTIONS.reboot.shortcut!.hotkey, onSelected('reboot')],
    [GUEST_ACTIONS.reset.shortcut!.hotkey, onSelected('reset')],
    [GUEST_ACTIONS.pause.shortcut!.hotkey, onSelected('pauseResume')],
    [GUEST_ACTIONS.delete.shortcut!.hotkey, onSelected('delete')],
    [newGuestKey(bridge.shell).hotkey, () => !busy && main && setWizardOpen(true)],
    ['ArrowDown', move(1)],
    ['ArrowUp', move(-1)],
    ['Home', move(-guests.length)],
    ['End', move(guests.length)],
  ]);

  return (
    <div style={{ height: '100vh', display: 'flex', flexDirection: 'column' }}>
      <header style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <AppToolbar
          vm={selected}
          onAction={request}
          onCreate={main ? () => setWizardOpen(true) : undefined}
          onSettings={() => setSettingsOpen(true)}
        />
      </header>
      <Banners connections={connections} host={main ? hosts[main.id] : undefined} />
      <div style={{ flex: 1, display: 'flex', minHeight: 0 }}>
        <aside
          style={{
            width: 380,
            flex: 'none',
            borderRight: '1px solid var(--mantine-color-default-border)',
            display: 'flex',
            flexDirection: 'column',
          }}
        >
          <GuestList
            loaded={loaded}
            total={total}
            guests={guests}
            selected={selected}
            search={search}
            filter={filter}
            onSearch={setSearch}
            onFilter={setFilter}
            onSelect={select}
            onOpen={open}
            onAction={request}
            onCreate={() => main && setWizardOpen(true)}
          />
        </aside>
        <main style={{ flex: 1, minWidth: 0 }}>
          {selected ? (
            <GuestDetails vm={selected} tab={tab} onTab={showTab} onAction={request} />
          ) : (
            <Center h="100%">
              <Stack align="center" gap="xs" c="dimmed">
                <IconDeviceDesktop size={48} stroke={1.2} />
                <Text size="sm">
                  {total ? 'Select a guest to see its details.' : 'Your guests will appear here.'}
                </Text>
              </Stack>
            </Center>
          )}
        </main>
      </div>
      <StatusBar
        connection={main}
        loaded={loaded}
        total={total}
        running={running}
        onEventLog={() => setEventLogOpen(true)}
      />
      <EventLogPanel opened={eventLogOpen} onClose={() => setEventLogOpen(false)} />
      {actions.dialogs}
      {main && (
        <Suspense fallback={null}>
          <CreateWizard
            opened={wizardOpen}
            onClose={() => setWizardOpen(false)}
            connection={main.id}
            onCreated={(vm) => setSelectedRef({ connection: vm.connection, uuid: vm.uuid })}
          />
        </Suspense>
      )}
      <SettingsDialog
        opened={settingsOpen}
        onClose={() => setSettingsOpen(false)}
        connection={main?.id}
        host={main ? hosts[main.id] : undefined}
      />
    </div>
  );
}
