// A guest's console in its own window (route #/console/<connection>/<uuid>): the whole window is the
// console. Closing the window only disconnects the console; the guest keeps running.
import { Box, Title } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { useAppState } from '../../app/context';
import { GuestConsole } from './GuestConsole';

export function ConsoleWindow({ connection, uuid }: { connection: string; uuid: string }) {
  const vm = useAppState((s) => s.vms[connection]?.[uuid]);
  const guest = useMemo(() => ({ connection, uuid }), [connection, uuid]);
  useEffect(() => {
    document.title = `${vm?.name ?? 'Guest'} — KVM Desk console`;
  }, [vm?.name]);
  return (
    <Box h="100vh" p="xs" data-testid="console-window" style={{ display: 'flex', flexDirection: 'column' }}>
      <Title order={1} className="sr-only" style={{ position: 'absolute', left: -10000 }}>
        Console of {vm?.name ?? uuid}
      </Title>
      <Box style={{ flex: 1, minHeight: 0 }}>
        <GuestConsole guest={guest} vm={vm} variant="window" />
      </Box>
    </Box>
  );
}
