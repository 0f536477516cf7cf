// "Open in window": Electron opens (or focuses) a BrowserWindow per guest and answers {}; the browser
// shell answers with the console route, opened here under a name per guest so a second click focuses
// the window already open instead of opening another.
import type { KvmBridge, VmRef } from '../../../preload/contract';

export function consoleWindowName(ref: VmRef): string {
  return `kvmdesk-console-${ref.uuid}`;
}

export async function openConsoleWindow(bridge: KvmBridge, ref: VmRef): Promise<string | undefined> {
  const res = await bridge.call('console.openWindow', ref);
  if (!res.ok) return res.error.message;
  if (!res.value.url) return undefined;
  const url = new URL(res.value.url, window.location.href).href;
  // An empty URL finds the window by name without reloading it; a fresh one is about:blank.
  const win = window.open('', consoleWindowName(ref), 'popup,width=1040,height=860');
  if (!win) return 'The browser blocked the console window; allow pop-ups for KVM Desk.';
  let fresh = true;
  try {
    fresh = win.location.href === 'about:blank';
  } catch {
    fresh = false; // another origin: leave it alone
  }
  if (fresh) win.location.href = url;
  win.focus();
  return undefined;
}
