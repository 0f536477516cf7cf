// Console: the guest's screen (or serial console) given the whole pane; loaded lazily (noVNC, xterm.js)
// and mounted only while its tab is shown, so other tabs hold no console connection.
import { Center, Loader } from '@mantine/core';
import { Suspense } from 'react';
import type { VmSummary } from '../../../../preload/contract';
import { ConsolePane } from '../../../app/lazy';

export function ConsoleTab({ vm }: { vm: VmSummary }) {
  return (
    <div data-testid="details-console" style={{ height: '100%' }}>
      <Suspense
        fallback={
          <Center h="100%">
            <Loader size="sm" />
          </Center>
        }
      >
        <ConsolePane vm={vm} />
      </Suspense>
    </div>
  );
}
