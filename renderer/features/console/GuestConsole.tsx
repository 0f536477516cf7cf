// A guest's console, whichever it has (used by the guest's pane and its console window): its VNC screen
// (noVNC), else its serial console in a terminal with a line saying why, else a message saying how to add
// a display. A guest with both offers a switch between its screen and its serial console.
import { Alert, Box, Code, Loader, SegmentedControl, Stack, Text } from '@mantine/core';
import { lazy, Suspense, useEffect, useState } from 'react';
import type { ConsoleDevices, VmRef, VmSummary } from '../../../preload/contract';
import { useBridge } from '../../app/context';
import { ConsoleView } from './ConsoleView';
import { chooseConsole } from './console-choice';
import { hasDisplay } from './console-controller';

// xterm.js loads only for a guest that shows its serial console
const SerialConsole = lazy(() => import('./SerialConsole').then((m) => ({ default: m.SerialConsole })));

export function GuestConsole({
  guest,
  vm,
  variant,
}: {
  guest: VmRef;
  vm: VmSummary | undefined;
  variant: 'pane' | 'window';
}) {
  const bridge = useBridge();
  const { connection, uuid } = guest;
  // undefined while not known yet; null when the call failed (then the VNC console, as before)
  const [devices, setDevices] = useState<ConsoleDevices | null | undefined>(undefined);
  const [preferSerial, setPreferSerial] = useState(false);
  const running = hasDisplay(vm?.state);
  const hasGraphics = vm?.hasConsole;

  // biome-ignore lint/correctness/useExhaustiveDependencies: read again when the guest starts or stops (live XML) and when a display comes or goes
  useEffect(() => {
    let current = true;
    void bridge.call('console.devices', { connection, uuid }).then((res) => {
      if (current) setDevices(res.ok && res.value ? res.value : null);
    });
    return () => {
      current = false;
    };
  }, [bridge, connection, uuid, running, hasGraphics]);

  // a guest with a display shows its screen at once, as before; the devices may add a serial switch
  if (devices === undefined && hasGraphics === false) {
    return (
      <Box data-testid="console" data-state="loading" p="md">
        <Loader size="sm" />
      </Box>
    );
  }
  const name = vm?.name ?? uuid;
  const choice = chooseConsole(devices ?? undefined, name, preferSerial);
  if (choice.kind === 'none') {
    return (
      <Stack data-testid="console" data-kind="none" data-state="none" data-guest={name} p="xs">
        <Alert color="gray" title={choice.message} data-testid="console-none">
          <Text size="sm">
            {choice.hint} <Code style={{ whiteSpace: 'nowrap' }}>{choice.command}</Code>.
          </Text>
        </Alert>
      </Stack>
    );
  }
  const both = choice.kind === 'vnc' ? choice.serial : choice.display;
  const view =
    choice.kind === 'vnc' ? (
      <ConsoleView guest={guest} vm={vm} variant={variant} />
    ) : (
      <Suspense fallback={<Loader size="sm" />}>
        <SerialConsole guest={guest} vm={vm} variant={variant} note={choice.note} />
      </Suspense>
    );
  // one tree whether or not the switch shows, so the screen does not reconnect when the devices arrive
  return (
    <Stack gap="xs" h="100%">
      {both && (
        <SegmentedControl
          size="xs"
          style={{ alignSelf: 'flex-start' }}
          data-testid="console-kind"
          value={choice.kind}
          onChange={(v) => setPreferSerial(v === 'serial')}
          data={[
            { value: 'vnc', label: 'Screen' },
            { value: 'serial', label: 'Serial console' },
          ]}
        />
      )}
      <Box style={{ flex: 1, minHeight: 0 }}>{view}</Box>
    </Stack>
  );
}
