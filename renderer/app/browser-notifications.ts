// Desktop notifications in the browser shell: the page runs the shared rule (preload/notify-rules.ts) on
// the pushed 'eventLog.entry' events and shows the Web Notification API's notice, once the user allowed
// it (Settings asks). It knows its own focus: the window's focus and blur events, document.hasFocus()
// and a hidden tab. In Electron main notifies; this does nothing there.
import type { KvmBridge } from '../../preload/contract';
import { noticeFor, noticeToShow } from '../../preload/notify-rules';

export interface PageHooks {
  /** window.Notification, or undefined where the browser has none */
  Notification?: typeof Notification;
  win: Window;
}

/** whether the user can see this page now: focused, not blurred since, not a hidden tab */
export function pageFocus(win: Window): () => boolean {
  let blurred = !win.document.hasFocus();
  win.addEventListener('focus', () => {
    blurred = false;
  });
  win.addEventListener('blur', () => {
    blurred = true;
  });
  return () => !blurred && win.document.visibilityState !== 'hidden' && win.document.hasFocus();
}

export function startBrowserNotifications(
  bridge: KvmBridge,
  hooks: PageHooks = { Notification: globalThis.Notification, win: window },
): () => void {
  const { Notification: N, win } = hooks;
  if (bridge.shell !== 'browser' || !N) return () => {};
  const focused = pageFocus(win);
  return bridge.on('eventLog.entry', (entry) => {
    // cheap checks first: most entries never notify, and the settings are asked only for those that may
    if (N.permission !== 'granted' || focused() || !noticeFor(entry)) return;
    void bridge.call('settings.get', {}).then((res) => {
      if (!res.ok) return;
      const notice = noticeToShow(entry, { focused: focused(), settings: res.value.notifications });
      if (!notice) return;
      const n = new N(notice.title, { body: notice.body, tag: notice.tag });
      n.onclick = () => {
        win.focus();
        if (notice.route) win.location.hash = notice.route;
        n.close();
      };
    });
  });
}
