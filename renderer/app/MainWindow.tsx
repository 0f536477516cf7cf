// The main window: toolbar on top, guest list on the left, the selected guest on the right,
// connection state at the bottom.
import { Center, Stack, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconDeviceDesktop } from '@tabler/icons-react';
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { VmRef, VmSummary } from '../../preload/contract';
import { guestHash, NEW_GUEST_HASH } from '../../preload/routes';
import { EventLogPanel } from '../features/event-log/EventLogPanel';
import { ConnectionsDialog } from '../features/hosts/connections/ConnectionsDialog';
import { HostPage } from '../features/hosts/HostPage';
import { hostTab } from '../features/hosts/host-tabs';
import { SettingsDialog } from '../features/settings/SettingsDialog';
import { GuestDetails } from '../features/vm-details/GuestDetails';
import { type DetailsTab, detailsTab } from '../features/vm-details/tabs';
import { GUEST_ACTIONS, type GuestAction, newGuestKey, pauseOrResume } from '../features/vm-list/actions';
import { guestAllowances, isConnected } from '../features/vm-list/allowed';
import { useGuestColumns } from '../features/vm-list/columns/useGuestColumns';
import { countGuests, type StateFilter, visibleGuests } from '../features/vm-list/filter';
import { GuestList } from '../features/vm-list/GuestList';
import { ALL_HOSTS, connectionName, listRows, rowGuests } from '../features/vm-list/grouping';
import { useGuestActions } from '../features/vm-list/useGuestActions';
import { AppToolbar } from './AppToolbar';
import { Banners } from './Banners';
import { startBrowserNotifications } from './browser-notifications';
import { useAppState, useBridge, useGuestStore } from './context';
import { CreateWizard } from './lazy';
import { StatusBar } from './StatusBar';
import { useGuestRoute } from './useGuestRoute';
import { useHostRoute } from './useHostRoute';

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
  // the host page (from the status bar) takes the details' place until a guest is selected
  const [hostPage, setHostPage] = useHostRoute(props.initialHash, props.useLocation);
  const tab = detailsTab(route?.tab);
  // another guest keeps the tab the user is on, as VirtualBox keeps its details section
  const setSelectedRef = useCallback(
    (ref: VmRef) => {
      setHostPage(null);
      setRoute({ connection: ref.connection, uuid: ref.uuid, tab });
    },
    [setRoute, setHostPage, tab],
  );
  const closeHostPage = useCallback(() => {
    setHostPage(null);
    if (route) setRoute(route);
    else if (props.useLocation) window.history.replaceState(window.history.state, '', '#/');
  }, [route, setRoute, setHostPage, props.useLocation]);
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

  const [hostFilter, setHostFilter] = useState(ALL_HOSTS);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [managerOpen, setManagerOpen] = useState<{ focus?: string } | null>(null);
  const toggleHost = useCallback(
    (id: string) =>
      setCollapsed((s) => {
        const next = new Set(s);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  const byName = useMemo(() => visibleGuests(vms, search, filter), [vms, search, filter]);
  // the optional columns' sort, then grouped by host
  const columns = useGuestColumns(byName);
  const sorted = columns.sorted;
  // a removed host's filter falls back to all hosts
  const activeHostFilter = hostFilter && connectionMap[hostFilter] ? hostFilter : ALL_HOSTS;
  const rows = useMemo(
    () => listRows(sorted, connections, collapsed, activeHostFilter),
    [sorted, connections, collapsed, activeHostFilter],
  );
  // the arrow keys follow the rows' order (grouped by host)
  const guests = useMemo(() => rowGuests(rows), [rows]);
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
  const selected: VmSummary | undefined =
    route && !hostPage ? vms[route.connection]?.[route.uuid] : undefined;

  // like VirtualBox: the first guest is selected when the list first appears, unless the route (a
  // reload) names one that exists; later a guest that goes away leaves the pane empty
  useEffect(() => {
    if (!loaded || routeChecked.current || !guests.length) return;
    routeChecked.current = true;
    if (!selected && !hostPage) setSelectedRef(guests[0]);
  }, [loaded, selected, guests, setSelectedRef, hostPage]);

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

  // the wizard starts on the selected host: the selected guest's, the host page's, the host filter's,
  // else the first connected one; its host select offers every connected host
  const connectedHosts = useMemo(
    () =>
      connections.filter((c) => c.state === 'connected').map((c) => ({ id: c.id, name: connectionName(c) })),
    [connections],
  );
  const isConnectedHost = (id: string | undefined) => !!id && connectionMap[id]?.state === 'connected';
  const wizardConnection =
    [selected?.connection, hostPage?.connection, activeHostFilter || undefined].find(isConnectedHost) ??
    connectedHosts[0]?.id;
  const busy = actions.dialogOpen || wizardOpen || settingsOpen || !!managerOpen || eventLogOpen;
  const onSelected = (action: GuestAction | 'pauseResume') => () => {
    if (busy || !selected) return;
    request(action === 'pauseResume' ? pauseOrResume(selected.state) : action, selected);
  };
  const move = (delta: number) => () => {
    // an open menu uses the arrow keys itself, and the details' tab list its Home and End
    if (busy || !guests.length || document.querySelector('[role="menu"]')) return;
    if (document.activeElement?.closest('[role="tablist"]')) return;
    // nor does a console switch guests under the user's hands (its screen, its toolbar)
    if (document.activeElement?.closest('[data-testid="console"]')) return;
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
            // the optional columns widen the list rather than squeeze the names
            width: 380 + columns.columns.reduce((w, c) => w + c.width + 12, 0),
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
            rows={rows}
            connections={connections}
            hostFilter={activeHostFilter}
            onHostFilter={setHostFilter}
            onToggleHost={toggleHost}
            onManageHost={(id) => setManagerOpen({ focus: id })}
            columns={columns}
          />
        </aside>
        <main style={{ flex: 1, minWidth: 0 }}>
          {hostPage ? (
            <HostPage
              connection={hostPage.connection}
              status={connectionMap[hostPage.connection]}
              tab={hostTab(hostPage.tab)}
              onTab={(t) => setHostPage({ connection: hostPage.connection, tab: t })}
              onClose={closeHostPage}
            />
          ) : selected ? (
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
        connections={connections}
        onOpenConnection={(id) => setManagerOpen({ focus: id })}
        loaded={loaded}
        total={total}
        running={running}
        onOpenHost={(connection) => setHostPage({ connection, tab: hostTab(undefined) })}
        onEventLog={() => setEventLogOpen(true)}
      />
      <EventLogPanel opened={eventLogOpen} onClose={() => setEventLogOpen(false)} />
      <ConnectionsDialog
        opened={!!managerOpen}
        focus={managerOpen?.focus}
        onClose={() => setManagerOpen(null)}
      />
      {actions.dialogs}
      {main && (
        <Suspense fallback={null}>
          <CreateWizard
            opened={wizardOpen}
            onClose={() => setWizardOpen(false)}
            connection={wizardConnection ?? main.id}
            hosts={connectedHosts}
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
