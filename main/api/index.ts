// The api: one call(method, args) for both shells. Each family is one file registering its methods with
// zod schemas; adding a family is one import and one entry in FAMILIES. Every answer is
// { ok: true, value } or { ok: false, error: ApiError }; nothing throws out of here.
import type { ApiResult, Method } from '../../preload/contract';
import { METHODS } from '../../preload/contract';
import { addressHandlers } from './addresses';
import { appHandlers } from './app';
import { cloneHandlers } from './clones';
import { consoleHandlers } from './console';
import type { ApiContext } from './context';
import { createHandlers } from './create';
import { desktopHandlers } from './desktop';
import { editHandlers } from './edit';
import { toApiError } from './errors';
import { eventLogHandlers } from './event-log';
import { hardwareHandlers } from './hardware';
import { hostHandlers } from './host';
import { hostsHandlers } from './hosts';
import { jobHandlers } from './jobs';
import { networkHandlers } from './networks';
import type { Handler, Handlers } from './registry';
import { snapshotHandlers } from './snapshots';
import { statsHandlers } from './stats';
import { storageHandlers } from './storage';
import { vmHandlers } from './vms';

const FAMILIES: Handlers[] = [
  appHandlers,
  hostHandlers,
  vmHandlers,
  editHandlers,
  hardwareHandlers,
  snapshotHandlers,
  cloneHandlers,
  statsHandlers,
  addressHandlers,
  networkHandlers,
  storageHandlers,
  jobHandlers,
  consoleHandlers,
  createHandlers,
  desktopHandlers,
  hostsHandlers,
  eventLogHandlers,
];

export interface Api {
  /** untrusted input from a window or a WebSocket: method and args are both checked; `caller` names it */
  call(method: unknown, args: unknown, caller?: string): Promise<ApiResult<unknown>>;
  /** the methods this build answers */
  readonly methods: Method[];
}

export function createApi(ctx: ApiContext, families: Handlers[] = FAMILIES): Api {
  const table = new Map<string, Handler<Method>>();
  for (const f of families) {
    for (const [m, h] of Object.entries(f)) table.set(m, h as Handler<Method>);
  }
  const known = new Set<string>(METHODS);

  return {
    methods: [...table.keys()] as Method[],
    async call(method, args, caller) {
      if (typeof method !== 'string' || !known.has(method)) {
        return fail('INVALID_INPUT', `There is no call named ${JSON.stringify(method)}.`, 'method');
      }
      const h = table.get(method);
      if (!h) return fail('INTERNAL', `${method} is not available in this version of KVM Desk yet.`);
      const parsed = h.input.safeParse(args ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue.path.map(String).join('.') || 'args';
        return fail('INVALID_INPUT', `${field} ${describeIssue(issue)}`, field);
      }
      try {
        const value = await h.run(parsed.data, ctx, caller);
        return { ok: true, value: value ?? null };
      } catch (err) {
        return { ok: false, error: toApiError(err) };
      }
    },
  };
}

function describeIssue(issue: { code: string; message: string; keys?: string[] }): string {
  if (issue.code === 'unrecognized_keys') return `has unexpected fields: ${(issue.keys ?? []).join(', ')}`;
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return 'is required';
  if (/^(Invalid input|Required)/.test(issue.message)) return `is not valid (${issue.message})`;
  return issue.message;
}

function fail(code: 'INVALID_INPUT' | 'INTERNAL', message: string, field?: string): ApiResult<never> {
  return { ok: false, error: field ? { code, message, detail: { field } } : { code, message } };
}
