// How components reach the bridge and the store: React context, so tests can hand in fakes.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { KvmBridge } from '../../preload/contract';
import type { AppState, GuestStore } from './store';

export const BridgeContext = createContext<KvmBridge | null>(null);
export const StoreContext = createContext<GuestStore | null>(null);

export function useBridge(): KvmBridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge outside <BridgeContext>');
  return bridge;
}

export function useGuestStore(): GuestStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useGuestStore outside <StoreContext>');
  return store;
}

/** Reads a slice of the store; the selector must return something stable (a part of the state). */
export function useAppState<T>(select: (state: AppState) => T): T {
  const store = useGuestStore();
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}
