// The app's routes, in the URL's hash so a reload (and the same URL in another window) shows the same:
//   '#/console/<encodeURIComponent(connection)>/<uuid>'   a guest's console window: built by main (the
//                                                         Electron console window, console.openWindow's
//                                                         answer) and parsed by the renderer (App)
//   '#/host/<encodeURIComponent(connection)>/<tab>'      a host's page (its storage): built and parsed here
//   '#/vm/<encodeURIComponent(connection)>/<uuid>/<tab>'   the main window with that guest and tab
//                                                         selected: built and parsed by the renderer
//   '#/host/<encodeURIComponent(connection)>/<tab>'       the main window showing the connection's own
//                                                         page (the host) on that tab: the renderer's
// Built here and nowhere else. The tab is any word here; the renderer knows which tabs exist.

export interface ConsoleRoute {
  connection: string;
  uuid: string;
}

export interface GuestRoute {
  connection: string;
  uuid: string;
  /** the details tab ('overview', 'hardware', 'console', ...); undefined: the first */
  tab?: string;
}

function decodeParts(parts: string[]): string[] | null {
  try {
    return parts.map(decodeURIComponent);
  } catch {
    return null;
  }
}

export function consoleHash(connection: string, uuid: string): string {
  return `#/console/${encodeURIComponent(connection)}/${uuid}`;
}

export function consoleRoute(hash: string): ConsoleRoute | null {
  const m = /^#\/console\/([^/]+)\/([^/]+)$/.exec(hash);
  const parts = m && decodeParts([m[1], m[2]]);
  return parts ? { connection: parts[0], uuid: parts[1] } : null;
}

export function guestHash(route: GuestRoute): string {
  const tab = route.tab ? `/${encodeURIComponent(route.tab)}` : '';
  return `#/vm/${encodeURIComponent(route.connection)}/${encodeURIComponent(route.uuid)}${tab}`;
}

export function guestRoute(hash: string): GuestRoute | null {
  const m = /^#\/vm\/([^/]+)\/([^/]+)(?:\/([a-z-]+))?\/?$/.exec(hash);
  const parts = m && decodeParts([m[1], m[2]]);
  if (!parts) return null;
  return m[3]
    ? { connection: parts[0], uuid: parts[1], tab: m[3] }
    : { connection: parts[0], uuid: parts[1] };
}

export interface HostRoute {
  connection: string;
  /** the host page's tab ('overview', ...); undefined: the first */
  tab?: string;
}

export function hostHash(route: HostRoute): string {
  const tab = route.tab ? `/${encodeURIComponent(route.tab)}` : '';
  return `#/host/${encodeURIComponent(route.connection)}${tab}`;
}

export function hostRoute(hash: string): HostRoute | null {
  const m = /^#\/host\/([^/]+)(?:\/([a-z-]+))?\/?$/.exec(hash);
  const parts = m && decodeParts([m[1]]);
  if (!parts) return null;
  return m[2] ? { connection: parts[0], tab: m[2] } : { connection: parts[0] };
}
/** the main window with the new-guest wizard open (the tray's "New guest…"); the page then drops it */
export const NEW_GUEST_HASH = '#/new';
