// The guest's console embedded in its pane: its screen, or its serial console (GuestConsole chooses).
import type { VmSummary } from '../../../preload/contract';
import { GuestConsole } from './GuestConsole';

export function ConsolePane({ vm }: { vm: VmSummary }) {
  return <GuestConsole guest={{ connection: vm.connection, uuid: vm.uuid }} vm={vm} variant="pane" />;
}
