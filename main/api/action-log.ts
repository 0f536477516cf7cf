// What the api learns from the calls it answers, for the event log: a user action that failed is logged
// with its cause, and an action that stops a guest is remembered before it is sent (libvirt's 'stopped'
// event can arrive before the call's reply), so the log can tell a stop KVM Desk asked for from one that
// happened outside it. Reads (lists, details, validation) are not actions. Wraps the api once, in boot.ts.
import type { ApiError, Method, VmRef } from '../../preload/contract';
import type { EventLog } from '../services/event-log';
import type { Api } from '.';

/** the calls whose success stops the guest they name */
const STOPS_GUEST = new Set<string>(['vms.shutdown', 'vms.forceOff', 'vms.saveState', 'vms.delete']);

/** calls that only read: their failures are shown where they were asked, not logged */
const READS = new Set<string>([
  'app.snapshot',
  'host.status',
  'settings.get',
  'vms.details',
  'vms.getXml',
  'vms.deletePlan',
  'vms.screenshot',
  'snapshots.list',
  'stats.watch',
  'stats.unwatch',
  'stats.history',
  'networks.list',
  'osinfo.list',
  'osinfo.detectIso',
  'osinfo.nearest',
  'storage.pools',
  'files.list',
  'files.pick',
  'create.installMedia',
  'create.defaults',
  'create.validate',
  'console.open',
  'console.devices',
  'eventLog.list',
] satisfies Method[]);

/** an action in the user's words: 'vms.forceOff' -> 'Force off' */
export function actionWords(method: string): string {
  const verb = method.slice(method.indexOf('.') + 1).replace(/([A-Z])/g, ' $1');
  const family = method.slice(0, method.indexOf('.'));
  const what = family === 'vms' || family === 'console' ? '' : ` (${family})`;
  return `${verb.charAt(0).toUpperCase()}${verb.slice(1).toLowerCase()}${what}`;
}

function refOf(args: unknown): Partial<VmRef> {
  const a = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
  return typeof a.connection === 'string' && typeof a.uuid === 'string'
    ? { connection: a.connection, uuid: a.uuid }
    : {};
}

/** INVALID_INPUT is a form the UI checks before sending (or a fuzzer): not something that happened */
const logged = (e: ApiError) => e.code !== 'INVALID_INPUT';

export function withActionLog(api: Api, log: EventLog): Api {
  return {
    methods: api.methods,
    async call(method, args, caller) {
      const ref = refOf(args);
      const undo =
        typeof method === 'string' && STOPS_GUEST.has(method) && ref.connection && ref.uuid
          ? log.intents.expect(ref as VmRef)
          : undefined;
      const r = await api.call(method, args, caller);
      if (!r.ok) {
        undo?.();
        if (typeof method === 'string' && !READS.has(method) && logged(r.error))
          log.actionFailed(method, actionWords(method), ref, r.error);
      }
      return r;
    },
  };
}
