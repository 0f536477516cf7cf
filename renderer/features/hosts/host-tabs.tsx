// The host page's tabs, in order: adding one (Storage, Networks) is one entry here. Its id is the
// route's last part (#/host/<connection>/<id>). The Overview loads in its own chunk with uPlot.
import { IconInfoCircle } from '@tabler/icons-react';
import { lazy, type ReactNode, Suspense } from 'react';

const HostOverviewTab = lazy(() =>
  import('./overview/HostOverviewTab').then((m) => ({ default: m.HostOverviewTab })),
);

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
];

/** the route's tab if there is one by that name, else the first */
export function hostTab(id: string | undefined): string {
  return HOST_TABS.find((t) => t.id === id)?.id ?? HOST_TABS[0].id;
}
