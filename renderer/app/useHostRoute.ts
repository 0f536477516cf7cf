// Whether the main window shows a connection's own page (the host) instead of a guest, kept in the URL's
// hash ('#/host/<connection>/<tab>', preload/routes.ts) so a reload shows it again. replaceState, like
// the guest route: Back leaves the app. Selecting a guest closes it (MainWindow sets null).
import { useCallback, useEffect, useState } from 'react';
import { type HostRoute, hostHash, hostRoute } from '../../preload/routes';

export function useHostRoute(
  initialHash: string,
  useLocation: boolean,
): [HostRoute | null, (next: HostRoute | null) => void] {
  const [route, setRoute] = useState(() => hostRoute(initialHash));
  useEffect(() => {
    if (!useLocation) return;
    const follow = () => setRoute(hostRoute(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [useLocation]);
  const navigate = useCallback(
    (next: HostRoute | null) => {
      setRoute(next);
      // null: the guest route that follows writes the hash
      if (next && useLocation) window.history.replaceState(window.history.state, '', hostHash(next));
    },
    [useLocation],
  );
  return [route, navigate];
}
