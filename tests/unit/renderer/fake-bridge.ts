// A fake bridge for the renderer's component tests: answers calls from handlers, records every call,
// and lets a test push events the way the api would.
import type {
  ApiError,
  ApiResult,
  ArgsOf,
  ConnectionStatus,
  EventName,
  Events,
  KvmBridge,
  Method,
  ResultOf,
  VmSummary,
} from '../../../preload/contract';

type Handler<M extends Method> = (
  args: ArgsOf<M>,
) => ResultOf<M> | ApiError | Promise<ResultOf<M> | ApiError>;

const isApiError = (x: unknown): x is ApiError =>
  typeof x === 'object' && x !== null && 'code' in x && 'message' in x && !('uuid' in x);

export class FakeBridge implements KvmBridge {
  shell: 'browser' | 'electron' = 'browser';
  calls: { method: Method; args: unknown }[] = [];
  private listeners = new Map<EventName, Set<(p: unknown) => void>>();
  private handlers: { [M in Method]?: Handler<M> } = {};

  handle<M extends Method>(method: M, handler: Handler<M>): this {
    (this.handlers as Record<string, unknown>)[method] = handler;
    return this;
  }

  async call<M extends Method>(method: M, args: ArgsOf<M>): Promise<ApiResult<ResultOf<M>>> {
    this.calls.push({ method, args });
    const handler = this.handlers[method] as Handler<M> | undefined;
    const value = handler ? await handler(args) : (undefined as ResultOf<M>);
    return isApiError(value) ? { ok: false, error: value } : { ok: true, value: value as ResultOf<M> };
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (p: unknown) => void);
    this.listeners.set(event, set);
    return () => set.delete(listener as (p: unknown) => void);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const l of this.listeners.get(event) ?? []) l(payload);
  }

  callsOf(method: Method): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }
}

export const URI = 'test:///default';

export const CONNECTED: ConnectionStatus = {
  id: URI,
  uri: URI,
  state: 'connected',
  hostname: 'testhost',
  libvirtVersion: '9.0.0',
};

let n = 0;
export function guest(name: string, fields: Partial<VmSummary> = {}): VmSummary {
  n++;
  return {
    connection: URI,
    uuid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    name,
    state: 'shutoff',
    reason: 'shutdown',
    persistent: true,
    vcpus: 2,
    memoryKiB: 2 * 1024 * 1024,
    osFamily: 'linux',
    osName: 'Debian 12',
    osId: 'debian12',
    domainType: 'qemu',
    hasConsole: true,
    ...fields,
  };
}

/** A bridge whose snapshot holds these guests, with a usable KVM so no banner shows. */
export function bridgeWith(vms: VmSummary[]): FakeBridge {
  return new FakeBridge()
    .handle('app.snapshot', () => ({ connections: [CONNECTED], vms }))
    .handle('host.status', ({ connection }) => ({
      connection,
      hostname: 'testhost',
      cpus: 4,
      memoryKiB: 8 * 1024 * 1024,
      kvmUsable: true,
      forceSoftwareEmulation: false,
      accelerator: 'kvm',
    }))
    .handle('vms.details', ({ uuid }) => {
      const vm = vms.find((v) => v.uuid === uuid);
      if (!vm) return { code: 'NOT_FOUND', message: 'No such guest.' };
      return {
        ...vm,
        firmware: 'bios',
        secureBoot: false,
        tpm: false,
        disks: [],
        nics: [],
        version: 'v1',
        pendingChanges: [],
        resources: {
          vcpus: vm.vcpus,
          maxVcpus: vm.vcpus,
          memoryKiB: vm.memoryKiB,
          maxMemoryKiB: vm.memoryKiB,
        },
        cpu: { mode: 'maximum' },
        boot: { order: ['hd'], perDevice: false, menu: false },
        devices: { tablet: false, guestAgent: false, rng: false },
      };
    })
    .handle('vms.deletePlan', ({ uuid }) =>
      vms.some((v) => v.uuid === uuid) ? { disks: [] } : { code: 'NOT_FOUND', message: 'No such guest.' },
    );
}
