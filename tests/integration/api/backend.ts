// The real backend (services + api) on qemu:///system for integration tests, with every event recorded.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineTestGuest, type TestGuest, type TestGuestOptions } from '../../../e2e/browser/test-guests';
import { type Backend, startBackend } from '../../../main/shells/boot';
import type { ApiResult, ArgsOf, EventName, Events, Method, ResultOf } from '../../../preload/contract';

export const URI = 'qemu:///system';

export interface Recorded<E extends EventName = EventName> {
  event: E;
  payload: Events[E];
  at: number;
}

export interface TestBackend {
  backend: Backend;
  events: Recorded[];
  call<M extends Method>(method: M, args: ArgsOf<M>): Promise<ApiResult<ResultOf<M>>>;
  /** the value of a call that must succeed */
  ok<M extends Method>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>>;
  /** the first recorded event (from `since`, a time in ms) matching, waiting up to timeoutMs */
  waitEvent<E extends EventName>(
    event: E,
    match: (p: Events[E]) => boolean,
    opts?: { since?: number; timeoutMs?: number },
  ): Promise<Recorded<E>>;
  configDir: string;
  stop(): Promise<void>;
}

export async function startTestBackend(uri = URI): Promise<TestBackend> {
  const configDir = await mkdtemp(join(tmpdir(), 'kvmdesk-test-config-'));
  const backend = await startBackend({ kind: 'browser' }, { uris: [uri], configDir });
  const events: Recorded[] = [];
  backend.ctx.events.onAny((event, payload) => events.push({ event, payload, at: Date.now() }));
  const call = <M extends Method>(method: M, args: ArgsOf<M>) =>
    backend.api.call(method, args) as Promise<ApiResult<ResultOf<M>>>;
  return {
    backend,
    events,
    configDir,
    call,
    async ok(method, args) {
      const r = await call(method, args);
      if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
      return r.value;
    },
    waitEvent(event, match, opts = {}) {
      const since = opts.since ?? 0;
      const timeoutMs = opts.timeoutMs ?? 30_000;
      return new Promise((resolve, reject) => {
        const end = Date.now() + timeoutMs;
        const look = () => {
          const hit = events.find(
            (e) => e.at >= since && e.event === event && match(e.payload as Events[typeof event]),
          );
          if (hit) return resolve(hit as Recorded<typeof event>);
          if (Date.now() > end) return reject(new Error(`no ${event} event matched within ${timeoutMs} ms`));
          setTimeout(look, 10);
        };
        look();
      });
    },
    async stop() {
      await backend.close();
      await rm(configDir, { recursive: true, force: true });
    },
  };
}

export interface BackendWithGuest {
  t: TestBackend;
  ref: { connection: string; uuid: string };
  guest: TestGuest;
}

/** A file's usual start: the backend, and one kvmdesk-test guest defined with virsh that it has listed. */
export async function startWithTestGuest(name: string, o: TestGuestOptions): Promise<BackendWithGuest> {
  const t = await startTestBackend();
  const guest = await defineTestGuest(name, o);
  await t.waitEvent('vm.changed', (vm) => vm.uuid === guest.uuid);
  return { t, ref: { connection: URI, uuid: guest.uuid }, guest };
}
