// The main window's selected guest and details tab, kept in the URL's hash (preload/routes.ts) so a
// reload, or the same URL in another window, shows the same guest and tab. replaceState, not a new
// history entry per click: Back leaves the app rather than replaying every selection.
import { useCallback, useEffect, useState } from 'react';
import { type GuestRoute, guestHash, guestRoute, NEW_GUEST_HASH } from '../../preload/routes';

/** `useLocation` false (tests): the route lives in memory only, starting from `initialHash` */
export function useGuestRoute(
  initialHash: string,
  useLocation: boolean,
): [GuestRoute | null, (next: GuestRoute) => void] {
  const [route, setRoute] = useState(() => guestRoute(initialHash));
  useEffect(() => {
    if (!useLocation) return;
    // a hash typed or pasted into the address bar
    // (the wizard's hash opens the wizard over the guest the window shows: MainWindow handles it)
    const follow = () => {
      if (window.location.hash !== NEW_GUEST_HASH) setRoute(guestRoute(window.location.hash));
    };
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [useLocation]);
  const navigate = useCallback(
    (next: GuestRoute) => {
      setRoute(next);
      if (useLocation) window.history.replaceState(window.history.state, '', guestHash(next));
    },
    [useLocation],
  );
  return [route, navigate];
}
