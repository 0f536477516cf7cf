// A fake KVM Desk api for the wizard's component tests: a small host (4 CPUs, 8 GiB), a few OSes, and a
// create.validate that answers the way the real one words its problems. Records every call.
import { MantineProvider } from '@mantine/core';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { validateCreateSpec } from '../../../main/model/validate-create';
import type {
  ApiError,
  ApiResult,
  ArgsOf,
  CreateVmSpec,
  EventName,
  Events,
  FieldProblem,
  Job,
  KvmBridge,
  Method,
  NetworkInfo,
  OsEntry,
  ResultOf,
  StoragePoolInfo,
} from '../../../preload/contract';
import { BridgeContext } from '../../../renderer/app/context';

export const OSES: OsEntry[] = [
  {
    id: 'debian12',
    name: 'Debian 12',
    version: '12',
    family: 'linux',
    releaseDate: '2023-06-10',
    eol: false,
  },
  {
    id: 'debian9',
    name: 'Debian 9',
    version: '9',
    family: 'linux',
    releaseDate: '2017-06-17',
    eolDate: '2022-06-30',
    eol: true,
  },
  {
    id: 'win11',
    name: 'Microsoft Windows 11',
    version: '11',
    family: 'windows',
    releaseDate: '2021-10-05',
    eol: false,
  },
  {
    id: 'freebsd14.0',
    name: 'FreeBSD 14.0',
    version: '14.0',
    family: 'bsd',
    releaseDate: '2023-11-20',
    eol: false,
  },
];

export const HOST_MIB = 8192;

type Handler<M extends Method> = (
  args: ArgsOf<M>,
) => ResultOf<M> | ApiError | Promise<ResultOf<M> | ApiError>;

export class FakeHost implements KvmBridge {
  /** which shell the fake imitates; tests of the Electron-only parts set 'electron' */
  shell: KvmBridge['shell'] = 'browser';
  calls: { method: Method; args: unknown }[] = [];
  networks: NetworkInfo[] = [
    {
      connection: 'test:///default',
      name: 'default',
      uuid: 'n1',
      active: true,
      autostart: true,
      forward: 'nat',
    },
  ];
  takenNames = new Set(['existing-guest']);
  pools: StoragePoolInfo[] = [
    { name: 'default', active: true, availableBytes: 100 * 1024 ** 3, capacityBytes: 200 * 1024 ** 3 },
    { name: 'fast', active: true, availableBytes: 20 * 1024 ** 3, capacityBytes: 50 * 1024 ** 3 },
  ];
  private listeners = new Map<EventName, Set<(p: unknown) => void>>();
  private handlers: { [M in Method]?: Handler<M> } = {};

  constructor() {
    this.handle('host.status', ({ connection }) => ({
      connection,
      hostname: 'testhost',
      cpus: 4,
      memoryKiB: HOST_MIB * 1024,
      kvmUsable: false,
      kvmReason: '/dev/kvm is missing',
      forceSoftwareEmulation: false,
      accelerator: 'qemu',
    }));
    this.handle('osinfo.list', () => OSES);
    this.handle('networks.list', () => this.networks);
    this.handle('files.list', ({ path }) =>
      path === '/isos'
        ? [
            { name: 'debian.iso', path: '/isos/debian.iso', kind: 'file', size: 700 * 1024 * 1024 },
            { name: 'notes.txt', path: '/isos/notes.txt', kind: 'file', size: 10 },
            { name: 'old', path: '/isos/old', kind: 'dir' },
          ]
        : [{ name: 'isos', path: '/isos', kind: 'dir' }],
    );
    this.handle('osinfo.detectIso', ({ path }) => {
      if (path === '/isos/debian.iso') {
        return {
          path,
          volumeId: 'Debian 12.1.0 amd64 n',
          systemId: '',
          publisher: 'Debian',
          applicationId: '',
          os: OSES[0],
        };
      }
      if (path === '/isos/grub.iso') {
        return { path, volumeId: 'GRUB2_RESCUE', systemId: '', publisher: '', applicationId: '' };
      }
      return { code: 'NOT_FOUND', message: `${path} does not exist.`, detail: { path } };
    });
    this.handle('create.defaults', ({ osId }) => {
      const os = OSES.find((o) => o.id === osId);
      const win = os?.family === 'windows';
      return {
        name: `${osId ?? 'guest'}-2026-11-27`,
        os,
        resources: win
          ? {
              memoryMiB: 4096,
              vcpus: 2,
              diskGiB: 64,
              minMemoryMiB: 4096,
              minDiskGiB: 64,
              source: 'recommended',
            }
          : { memoryMiB: 2048, vcpus: 2, diskGiB: 25, minMemoryMiB: 1024, source: "KVM Desk's default" },
        firmware: win ? 'uefi-secure' : 'bios',
        tpm: win,
        reasons: win
          ? ['Windows 11 needs UEFI with Secure Boot and a TPM 2.0']
          : ['Linux runs fastest on virtio'],
        accelerator: 'qemu',
        acceleratorWarning: 'KVM is not usable (/dev/kvm is missing): guests run in slow software emulation.',
      };
    });
    this.handle('create.validate', (spec) => validate(spec, this.takenNames, this.networks));
    this.handle('storage.pools', () => this.pools);
    // this machine's files, and one ISO volume in 'default'; a remote host (qemu+ssh) has its pools only
    this.handle('create.installMedia', ({ connection, kind }) => ({
      files: !connection.includes('+ssh'),
      pools: [
        {
          name: 'default',
          active: true,
          volumes:
            kind === 'iso'
              ? [
                  {
                    pool: 'default',
                    name: 'debian.iso',
                    path: connection.includes('+ssh') ? '/srv/isos/debian.iso' : '/isos/debian.iso',
                    format: 'iso',
                    capacityBytes: 700 * 1024 * 1024,
                  },
                ]
              : [],
        },
        { name: 'stopped', active: false, volumes: [] },
      ],
    }));
    this.handle('osinfo.nearest', ({ query }) =>
      /^debian 13$/i.test(query.trim())
        ? {
            os: { ...OSES[0], id: 'debian13', name: 'Debian 13', version: '13', releaseDate: undefined },
            basedOn: OSES[0],
            dbVersion: '20221203',
          }
        : null,
    );
    this.handle('networks.createDefault', ({ connection }) => {
      this.networks = [
        { connection, name: 'default', uuid: 'n2', active: true, autostart: true, forward: 'nat' },
      ];
    });
    this.handle('networks.start', ({ name }) => {
      this.networks = this.networks.map((n) => (n.name === name ? { ...n, active: true } : n));
    });
    this.handle(
      'create.start',
      () =>
        ({ id: 'job-1', title: 'Creating the guest', step: 'Allocating the disk', state: 'running' }) as Job,
    );
    this.handle('jobs.cancel', () => undefined);
    this.handle('vms.ejectMedia', () => undefined);
  }

  handle<M extends Method>(method: M, h: Handler<M>): void {
    (this.handlers as Record<string, unknown>)[method] = h;
  }

  async call<M extends Method>(method: M, args: ArgsOf<M>): Promise<ApiResult<ResultOf<M>>> {
    this.calls.push({ method, args });
    const h = this.handlers[method] as Handler<M> | undefined;
    if (!h) return { ok: false, error: { code: 'INTERNAL', message: `no fake for ${method}` } };
    const out = await h(args);
    if (out && typeof out === 'object' && 'code' in out && 'message' in out)
      return { ok: false, error: out as ApiError };
    return { ok: true, value: out as ResultOf<M> };
  }

  callsOf(method: Method): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as (p: unknown) => void);
    return () => set.delete(listener as (p: unknown) => void);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const l of this.listeners.get(event) ?? []) l(payload);
  }
}

/** The real validation (main/model/validate-create) over this fake host's facts. */
function validate(spec: CreateVmSpec, taken: Set<string>, networks: NetworkInfo[]): FieldProblem[] {
  const os = OSES.find((o) => o.id === spec.osId);
  const net = spec.network.kind === 'nat' ? spec.network.name : undefined;
  const found = networks.find((n) => n.name === net);
  return validateCreateSpec(spec, {
    networkState: net === undefined ? undefined : !found ? 'missing' : found.active ? 'active' : 'inactive',
    hostMemoryKiB: HOST_MIB * 1024,
    hostCpus: 4,
    poolFreeBytes: 100 * 1024 ** 3,
    poolName: 'default',
    existingNames: taken,
    os: { memoryMiB: 2048, vcpus: 2, diskGiB: 25, minMemoryMiB: 1024, source: 'test' },
    osName: os?.name,
    systemConnection: true,
    fileCheck: (path) =>
      path.endsWith('.iso')
        ? {
            exists: true,
            isFile: true,
            readableByQemu: !path.startsWith('/root/'),
            reason: '/root is private to root',
          }
        : { exists: path === '/etc', isFile: false, readableByQemu: true },
  });
}

export function renderWithHost(ui: ReactNode, host: FakeHost) {
  return render(
    <MantineProvider env="test">
      <BridgeContext.Provider value={host}>{ui}</BridgeContext.Provider>
    </MantineProvider>,
  );
}

/** What Mantine needs from a browser that jsdom lacks. */
export function polyfillBrowser(): void {
  if (!window.matchMedia) {
    window.matchMedia = (query: string) =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addListener() {},
        removeListener() {},
        addEventListener() {},
        removeEventListener() {},
        dispatchEvent: () => false,
      }) as MediaQueryList;
  }
  if (!('ResizeObserver' in window)) {
    (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
  }
  Element.prototype.scrollIntoView ??= () => {};
  // jsdom does no layout: give scroll containers a size so windowed lists render their first rows
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 300 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 600 });
}
