// Which event-log entries become a desktop notification, and when one is shown: the one rule both shells
// follow. Electron runs it in the main process on the log's entries (focus: BrowserWindow's); the browser
// shell runs it in the page on the pushed 'eventLog.entry' events (focus: document.hasFocus()). Pure: what
// an entry needs (who caused a stop, how long a job ran or a connection was down) the main process put in
// the entry when it logged it.
import type { EventLogEntry, NotifyKind, NotifySettings } from './event-log';
import { guestHash } from './routes';

/** a job shorter than this ends while the user is still looking: no notification */
export const LONG_JOB_MS = 10_000;
/** a connection back within this was a blip: no notification */
export const CONNECTION_LOST_MS = 10_000;

export const NOTIFY_DEFAULTS: NotifySettings = {
  crashed: true,
  stoppedOutside: true,
  jobs: true,
  connection: true,
};

/** the settings screen's words for each kind */
export const NOTIFY_LABELS: Record<NotifyKind, string> = {
  crashed: 'A guest crashed',
  stoppedOutside: 'A guest shut down by itself or outside KVM Desk',
  jobs: 'A long task finished or failed',
  connection: 'The connection to libvirt was lost and came back',
};

export interface Notice {
  kind: NotifyKind;
  title: string;
  body: string;
  /** the main window's route a click opens: the guest's ('' for the window as it is) */
  route: string;
  /** one notice per thing: a second window (browser tabs) showing the same one replaces it */
  tag: string;
}

const CRASH_DETAILS = new Set(['crashed', 'failed']);
const STOP_DETAILS = new Set(['shutdown', 'destroyed', 'saved']);

const who = (e: EventLogEntry) => e.guest ?? 'A guest';
const guestRoute = (e: EventLogEntry) =>
  e.connection && e.uuid ? guestHash({ connection: e.connection, uuid: e.uuid }) : '';

function stopWords(detail: string | undefined): string {
  if (detail === 'destroyed') return 'was forced off outside KVM Desk';
  if (detail === 'saved') return 'was saved outside KVM Desk';
  return 'shut down by itself';
}

/** the notice an entry would make, before focus and settings (null: nothing worth a notification) */
export function noticeFor(e: EventLogEntry): Notice | null {
  const tag = `kvmdesk-${e.id}`;
  if (e.kind === 'lifecycle') {
    const crashed = e.event === 'crashed' || (e.event === 'stopped' && CRASH_DETAILS.has(e.detail ?? ''));
    if (crashed)
      return { kind: 'crashed', title: `${who(e)} crashed`, body: e.message, route: guestRoute(e), tag };
    const stopped = e.event === 'stopped' && STOP_DETAILS.has(e.detail ?? '');
    if (stopped && e.cause === 'outside')
      return {
        kind: 'stoppedOutside',
        title: `${who(e)} ${stopWords(e.detail)}`,
        body: e.message,
        route: guestRoute(e),
        tag,
      };
    return null;
  }
  if (e.kind === 'job') {
    if ((e.event !== 'done' && e.event !== 'failed') || (e.durationMs ?? 0) < LONG_JOB_MS) return null;
    return {
      kind: 'jobs',
      title: e.event === 'done' ? 'Task finished' : 'Task failed',
      body: e.message,
      route: guestRoute(e),
      tag,
    };
  }
  if (e.kind === 'connection') {
    if (e.event === 'lost')
      return { kind: 'connection', title: 'Connection to libvirt lost', body: e.message, route: '', tag };
    if (e.event === 'connected' && (e.durationMs ?? 0) >= CONNECTION_LOST_MS)
      return { kind: 'connection', title: 'Connection to libvirt is back', body: e.message, route: '', tag };
  }
  return null;
}

/** the notice to show now, or null: none when a window of ours has focus or the user turned its kind off */
export function noticeToShow(
  e: EventLogEntry,
  now: { focused: boolean; settings: NotifySettings },
): Notice | null {
  if (now.focused) return null;
  const notice = noticeFor(e);
  return notice && now.settings[notice.kind] !== false ? notice : null;
}
