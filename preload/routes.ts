// The one route besides the main window: a guest's console window at
// '#/console/<encodeURIComponent(connection)>/<uuid>'. Built here and nowhere else: by main (the Electron
// console window, the browser shell's console.openWindow answer) and parsed by the renderer (App).

export function consoleHash(connection: string, uuid: string): string {
  return `#/console/${encodeURIComponent(connection)}/${uuid}`;
}

export function consoleRoute(hash: string): { connection: string; uuid: string } | null {
  const m = /^#\/console\/([^/]+)\/([^/]+)$/.exec(hash);
  if (!m) return null;
  try {
    return { connection: decodeURIComponent(m[1]), uuid: decodeURIComponent(m[2]) };
  } catch {
    return null;
  }
}
