// The app: a store fed from the bridge, the providers, and the window this URL asks for
// (the main window, at #/vm/<connection>/<uuid>/<tab> once a guest is selected, or one guest's console
// window at #/console/<connection>/<uuid>). A `hash` given (tests) keeps the main window's route in memory.
import { Suspense, useEffect, useMemo, useState } from 'react';
import type { ApiError, KvmBridge } from '../../preload/contract';
import { consoleRoute, hostRoute } from '../../preload/routes';
import { AppProviders } from './AppProviders';
import type { Feed } from './early-feed';
import { showApiError } from './errors';
import { feedStore } from './feed';
import { ConsoleWindow, HostNetworksPage } from './lazy';
import { MainWindow } from './MainWindow';
import { createGuestStore, type GuestStore } from './store';

export function App(props: {
  bridge: KvmBridge;
  /** a feed started before the UI loaded (main.tsx): its store, fed already */
  feed?: Feed;
  store?: GuestStore;
  hash?: string;
  env?: 'default' | 'test';
}) {
  const { feed, bridge } = props;
  const store = useMemo(() => feed?.store ?? props.store ?? createGuestStore(), [feed, props.store]);
  const [locationHash, setLocationHash] = useState(() => window.location.hash);
  useEffect(() => {
    if (props.hash !== undefined) return;
    // a host page's link and its back link change the hash; guest selection uses replaceState (no event)
    const follow = () => setLocationHash(window.location.hash);
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [props.hash]);
  const hash = props.hash ?? locationHash;
  const route = consoleRoute(hash);
  const host = hostRoute(hash);
  // console windows read the guest's name and state from the same store
  useEffect(() => {
    const onError = (error: ApiError) => showApiError(bridge, error, { title: 'Could not read the guests' });
    if (feed) return feed.onError(onError);
    return feedStore(store, bridge, onError);
  }, [store, bridge, feed]);
  return (
    <AppProviders bridge={props.bridge} store={store} env={props.env}>
      {route ? (
        <Suspense fallback={null}>
          <ConsoleWindow connection={route.connection} uuid={route.uuid} />
        </Suspense>
      ) : host?.tab === 'networks' ? (
        <Suspense fallback={null}>
          <HostNetworksPage connection={host.connection} />
        </Suspense>
      ) : (
        <MainWindow initialHash={hash} useLocation={props.hash === undefined} />
      )}
    </AppProviders>
  );
}
