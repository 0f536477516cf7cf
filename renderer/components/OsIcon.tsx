// The guest's OS as an icon: the distribution's mark where Tabler has one, else the family's.
import {
  IconBrandDebian,
  IconBrandRedhat,
  IconBrandUbuntu,
  IconBrandWindows,
  IconDeviceDesktop,
  IconTerminal2,
  IconTrident,
} from '@tabler/icons-react';
import type { VmSummary } from '../../preload/contract';
import { osIconKey } from '../../preload/os-icon';

const FAMILY_COLORS: Record<VmSummary['osFamily'], string> = {
  linux: 'var(--mantine-color-orange-filled)',
  windows: 'var(--mantine-color-blue-filled)',
  bsd: 'var(--mantine-color-red-filled)',
  other: 'var(--mantine-color-gray-filled)',
};

// the same choice as the desktop shortcuts' icon files (preload/os-icon.ts)
const ICONS = {
  windows: IconBrandWindows,
  bsd: IconTrident,
  debian: IconBrandDebian,
  ubuntu: IconBrandUbuntu,
  redhat: IconBrandRedhat,
  linux: IconTerminal2,
  other: IconDeviceDesktop,
} as const;

function iconFor(family: VmSummary['osFamily'], osId = '') {
  return ICONS[osIconKey(family, osId)];
}

export function OsIcon(props: { family: VmSummary['osFamily']; osId?: string; size?: number }) {
  const Icon = iconFor(props.family, props.osId);
  return (
    <Icon
      size={props.size ?? 28}
      stroke={1.6}
      color={FAMILY_COLORS[props.family]}
      data-os-family={props.family}
      aria-label={`${props.family} guest`}
      style={{ flex: 'none' }}
    />
  );
}
