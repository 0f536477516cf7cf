// The guest's console embedded in its pane.
import type { VmSummary } from '../../../preload/contract';
import { ConsoleView } from './ConsoleView';

export function ConsolePane({ vm }: { vm: VmSummary }) {
  return <ConsoleView guest={{ connection: vm.connection, uuid: vm.uuid }} vm={vm} variant="pane" />;
}
