// The host page's tabs, in order: adding one is one entry here. Its id is the
// route's last part (#/host/<connection>/<id>). The Overview loads in its own chunk with uPlot.
import { IconDatabase, IconInfoCircle, IconNetwork } from '@tabler/icons-react';
import { lazy, type ReactNode, Suspense } from 'react';

const HostOverviewTab = lazy(() =>
  import('./overview/HostOverviewTab').then((m) => ({ default: m.HostOverviewTab })),
);

const NetworksPanel = lazy(() =>
  import('./networks/NetworksPanel').then((m) => ({ default: m.NetworksPanel })),
);

const StoragePanel = lazy(() => import('./storage/StoragePanel').then((m) => ({ default: m.StoragePanel })));

export interface HostTabEntry {
  id: string;
  label: string;
  icon: typeof IconInfoCircle;
  panel: (connection: string) => ReactNode;
}

export const HOST_TABS: readonly HostTabEntry[] = [
  {
    // what the host is and does now: live CPU and memory watched (1 s) only while shown and visible
    id: 'overview',
    label: 'Overview',
    icon: IconInfoCircle,
    panel: (connection) => (
      <Suspense fallback={null}>
        <HostOverviewTab key={connection} connection={connection} />
      </Suspense>
    ),
  },
  {
    // the host's pools and volumes, uploads and downloads: pool events keep them current
    id: 'storage',
    label: 'Storage',
    icon: IconDatabase,
    panel: (connection) => (
      <Suspense fallback={null}>
        <StoragePanel key={connection} connection={connection} />
      </Suspense>
    ),
  },
  {
    // the host's virtual networks: lifecycle events keep them current; leases polled only while shown
    id: 'networks',
    label: 'Networks',
    icon: IconNetwork,
    panel: (connection) => (
      <Suspense fallback={null}>
        <NetworksPanel key={connection} connection={connection} />
      </Suspense>
    ),
  },
];

/** the route's tab if there is one by that name, else the first */
export function hostTab(id: string | undefined): string {
  return HOST_TABS.find((t) => t.id === id)?.id ?? HOST_TABS[0].id;
}
