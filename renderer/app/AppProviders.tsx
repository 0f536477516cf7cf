// Mantine (dark mode follows the system), notifications, and the bridge + store contexts.
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import type { KvmBridge } from '../../preload/contract';
import { BridgeContext, StoreContext } from './context';
import type { GuestStore } from './store';
import { cssVariablesResolver, theme } from './theme';

export function AppProviders(props: {
  bridge: KvmBridge;
  store: GuestStore;
  children: ReactNode;
  /** 'test' turns off transitions and portals (component tests) */
  env?: 'default' | 'test';
}) {
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="auto"
      env={props.env}
    >
      <Notifications position="bottom-right" limit={5} />
      <BridgeContext.Provider value={props.bridge}>
        <StoreContext.Provider value={props.store}>{props.children}</StoreContext.Provider>
      </BridgeContext.Provider>
    </MantineProvider>
  );
}
