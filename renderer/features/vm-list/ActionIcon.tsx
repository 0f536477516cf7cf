// The icon of each guest action, shared by the toolbar and the context menu.
import {
  IconBolt,
  IconCopy,
  IconDeviceDesktop,
  IconDeviceFloppy,
  IconEraser,
  IconPinned,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlayerTrackNext,
  IconPower,
  IconRefresh,
  IconRotateClockwise2,
  IconTrash,
} from '@tabler/icons-react';
import type { GuestAction } from './actions';

const ICONS = {
  start: IconPlayerPlay,
  shutdown: IconPower,
  forceOff: IconBolt,
  reboot: IconRefresh,
  reset: IconRotateClockwise2,
  pause: IconPlayerPause,
  resume: IconPlayerTrackNext,
  saveState: IconDeviceFloppy,
  discardSavedState: IconEraser,
  delete: IconTrash,
  console: IconDeviceDesktop,
  makePermanent: IconPinned,
  clone: IconCopy,
} satisfies Record<GuestAction, unknown>;

export function ActionIcon(props: { action: GuestAction; size?: number }) {
  const Icon = ICONS[props.action];
  return <Icon size={props.size ?? 20} stroke={1.7} />;
}
