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

const FAMILY_COLORS: Record<VmSummary['osFamily'], string> = {
  linux: 'var(--mantine-color-orange-filled)',
  windows: 'var(--mantine-color-blue-filled)',
  bsd: 'var(--mantine-color-red-filled)',
  other: 'var(--mantine-color-gray-filled)',
};

function iconFor(family: VmSummary['osFamily'], osId = '') {
  if (family === 'windows') return IconBrandWindows;
  if (family === 'bsd') return IconTrident; // the BSD daemon's trident
  if (family === 'linux') {
    if (osId.startsWith('debian')) return IconBrandDebian;
    if (osId.startsWith('ubuntu')) return IconBrandUbuntu;
    if (/^(rhel|fedora|centos|rocky|alma)/.test(osId)) return IconBrandRedhat;
    return IconTerminal2;
  }
  return IconDeviceDesktop;
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
