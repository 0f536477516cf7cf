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
import { ConsoleWindow, StoragePage } from './lazy';
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
  const hash = useHash(props.hash);
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
      ) : host?.tab === 'storage' ? (
        <Suspense fallback={null}>
          <StoragePage connection={host.connection} />
        </Suspense>
      ) : (
        <MainWindow initialHash={hash} useLocation={props.hash === undefined} />
      )}
    </AppProviders>
  );
}

/** the URL's hash, following it (a host page and back); a `given` hash (tests) stays as it is */
function useHash(given: string | undefined): string {
  const [hash, setHash] = useState(() => given ?? window.location.hash);
  useEffect(() => {
    if (given !== undefined) return;
    const onChange = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, [given]);
  return given ?? hash;
}
