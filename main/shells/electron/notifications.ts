// Desktop notifications in Electron: the shared rule (preload/notify-rules.ts) over the event log's new
// entries, shown with Electron's Notification from main only while none of our windows has focus.
// A click shows the main window on the guest's route. The renderer never notifies in this shell.
import { BrowserWindow, Notification } from 'electron';
import type { Settings } from '../../../preload/contract';
import { noticeToShow } from '../../../preload/notify-rules';
import type { EventBus } from '../../services/events';
import { APP_ICON } from './assets';
import { showMainWindow } from './windows';

/** shown notifications are kept until closed: one collected by the GC loses its click handler */
const shown = new Set<Notification>();

/** shows a notification; a click opens the main window at `route` ('' as it is) */
export function notify(title: string, body: string, route = ''): void {
  if (!Notification.isSupported()) return;
  const n = new Notification({ title, body, icon: APP_ICON });
  shown.add(n);
  n.on('click', () => showMainWindow(route));
  n.on('close', () => shown.delete(n));
  n.show();
}

export function setupNotifications(
  events: EventBus,
  settings: () => Pick<Settings, 'notifications'>,
): () => void {
  return events.on('eventLog.entry', (entry) => {
    const focused = BrowserWindow.getFocusedWindow() !== null;
    const notice = noticeToShow(entry, { focused, settings: settings().notifications });
    if (notice) notify(notice.title, notice.body, notice.route);
  });
}
