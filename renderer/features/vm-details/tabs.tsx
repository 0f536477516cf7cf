// The details workspace's tabs, in order: adding one (Snapshots, Performance) is one entry here. Its id
// is the route's last part (#/vm/<connection>/<uuid>/<id>); `scroll`: the panel scrolls (the console
// sizes itself to the pane instead).
import {
  IconCamera,
  IconChartLine,
  IconCode,
  IconCpu,
  IconDeviceDesktop,
  IconInfoCircle,
} from '@tabler/icons-react';
import { type ReactNode, Suspense } from 'react';
import type { VmDetails, VmSummary } from '../../../preload/contract';
import { PerformanceTab } from '../../app/lazy';
import { ConsoleTab } from './console/ConsoleTab';
import { HardwareTab } from './hardware/HardwareTab';
import { OverviewTab } from './overview/OverviewTab';
import { SnapshotsTab } from './snapshots/SnapshotsTab';
import { XmlTab } from './xml/XmlTab';

export interface DetailsTabEntry {
  id: string;
  label: string;
  icon: typeof IconCpu;
  scroll: boolean;
  panel: (vm: VmSummary, details?: VmDetails) => ReactNode;
}

export const DETAILS_TABS = [
  {
    id: 'overview',
    label: 'Overview',
    icon: IconInfoCircle,
    scroll: true,
    // keyed by guest: another guest's drafts never show in this one's form
    panel: (vm, details) => <OverviewTab key={`${vm.connection}\n${vm.uuid}`} vm={vm} details={details} />,
  },
  {
    id: 'hardware',
    label: 'Hardware',
    icon: IconCpu,
    scroll: true,
    panel: (_vm, details) => <HardwareTab details={details} />,
  },
  {
    id: 'snapshots',
    label: 'Snapshots',
    icon: IconCamera,
    scroll: true,
    // keyed by guest: another guest's dialogs and job never show in this one's tab
    panel: (vm, _details) => <SnapshotsTab key={`${vm.connection}\n${vm.uuid}`} vm={vm} />,
  },
  {
    id: 'console',
    label: 'Console',
    icon: IconDeviceDesktop,
    scroll: false,
    panel: (vm, _details) => <ConsoleTab vm={vm} />,
  },
  {
    // virt-manager's XML tab: the definition as libvirt has it, and its editor for experts
    id: 'xml',
    label: 'XML',
    icon: IconCode,
    scroll: true,
    panel: (vm, details) => <XmlTab key={`${vm.connection}\n${vm.uuid}`} vm={vm} details={details} />,
  },
  {
    // live charts: watched (1 s) only while shown and the page is visible
    id: 'performance',
    label: 'Performance',
    icon: IconChartLine,
    scroll: true,
    panel: (vm, _details) => (
      <Suspense fallback={null}>
        <PerformanceTab key={`${vm.connection}\n${vm.uuid}`} vm={vm} />
      </Suspense>
    ),
  },
] as const satisfies readonly DetailsTabEntry[];

export type DetailsTab = (typeof DETAILS_TABS)[number]['id'];

/** the route's tab if there is one by that name, else the first */
export function detailsTab(id: string | undefined): DetailsTab {
  return DETAILS_TABS.find((t) => t.id === id)?.id ?? DETAILS_TABS[0].id;
}
