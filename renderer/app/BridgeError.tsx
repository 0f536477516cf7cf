// The page shown when the window cannot reach KVM Desk at all (the preload did not load): a clear
// sentence with the cause instead of a UI that waits forever.
import { Alert, Center, MantineProvider } from '@mantine/core';
import { cssVariablesResolver, theme } from './theme';

export function BridgeError(props: { message: string }) {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <Center h="100vh" p="xl">
        <Alert color="red" title="KVM Desk cannot start" maw={640} data-testid="bridge-error">
          KVM Desk’s bridge to the system did not load: {props.message}
        </Alert>
      </Center>
    </MantineProvider>
  );
}
