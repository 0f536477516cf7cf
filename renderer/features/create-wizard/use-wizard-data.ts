// What the wizard asks the host while the user fills it in: host capacity, networks, the OS list,
// per-OS defaults, ISO detection and validation. Answers for stale inputs are dropped.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type {
  ApiResult,
  ConnectionId,
  CreateDefaults,
  CreateVmSpec,
  FieldProblem,
  HostStatus,
  KvmBridge,
  NetworkInfo,
  OsEntry,
  StoragePoolInfo,
} from '../../../preload/contract';
import {
  applyDefaults,
  applyDetection,
  buildSpec,
  type StepId,
  sameForStep,
  type WizardState,
} from './wizard-state';

const VALIDATE_DELAY_MS = 200;
const DETECT_DELAY_MS = 300;

// osinfo-db does not change while the app runs: read it once per bridge, before the OS step is shown
const osListCache = new WeakMap<KvmBridge, Promise<ApiResult<OsEntry[]>>>();
function loadOsList(bridge: KvmBridge): Promise<ApiResult<OsEntry[]>> {
  let p = osListCache.get(bridge);
  if (!p) {
    p = bridge.call('osinfo.list', {});
    osListCache.set(bridge, p);
    void p.then((r) => {
      if (!r.ok) osListCache.delete(bridge); // try again next time
    });
  }
  return p;
}

type SetState = (next: (s: WizardState) => WizardState) => void;

export function useWizardData(
  bridge: KvmBridge,
  connection: ConnectionId,
  state: WizardState,
  setState: SetState,
  userPickedOs: boolean,
) {
  const [host, setHost] = useState<HostStatus>();
  const [networks, setNetworks] = useState<NetworkInfo[]>();
  const [pools, setPools] = useState<StoragePoolInfo[]>();
  const [osList, setOsList] = useState<OsEntry[]>();
  const [osListError, setOsListError] = useState<string>();
  const [defaults, setDefaults] = useState<CreateDefaults>();
  const [detecting, setDetecting] = useState(false);
  const [detectError, setDetectError] = useState<string>();
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [validatedKey, setValidatedKey] = useState<string>();
  const [validatedSpec, setValidatedSpec] = useState<CreateVmSpec>();

  useEffect(() => {
    let live = true;
    void bridge.call('host.status', { connection }).then((r) => live && r.ok && setHost(r.value));
    void loadOsList(bridge).then((r) => {
      if (!live) return;
      if (r.ok) setOsList(r.value);
      else setOsListError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [bridge, connection]);

  const refreshNetworks = useCallback(async () => {
    const r = await bridge.call('networks.list', { connection });
    if (r.ok) setNetworks(r.value);
  }, [bridge, connection]);
  useEffect(() => {
    void refreshNetworks();
  }, [refreshNetworks]);

  useEffect(() => {
    let live = true;
    void bridge.call('storage.pools', { connection }).then((r) => live && r.ok && setPools(r.value));
    return () => {
      live = false;
    };
  }, [bridge, connection]);

  // defaults follow the OS, the kind of source and the choices their reasons speak of (a virtio-win
  // ISO, the user's firmware and TPM, the pool the disk goes to); what the user edited is kept
  const { osId, sourceKind } = state;
  const osFamilyNow = osList?.find((o) => o.id === osId)?.family ?? defaults?.os?.family;
  const virtioWin = osFamilyNow === 'windows' && state.virtioWinIso.trim() !== '';
  const firmware = state.edited.includes('firmware') ? state.firmware : undefined;
  const tpm = state.edited.includes('tpm') ? state.tpm : undefined;
  const pool = state.pool.trim() || undefined;
  useEffect(() => {
    let live = true;
    const source = sourceKind === 'pxe' ? ({ kind: 'pxe' } as const) : undefined;
    const choices = {
      ...(source ? { source } : {}),
      ...(virtioWin ? { virtioWin } : {}),
      ...(firmware !== undefined ? { firmware } : {}),
      ...(tpm !== undefined ? { tpm } : {}),
      ...(pool ? { pool } : {}),
    };
    // (virtioWin is a yes/no: typing the driver ISO's path asks again once, not per key)
    void bridge.call('create.defaults', { connection, osId, ...choices }).then((r) => {
      if (!live || !r.ok) return;
      setDefaults(r.value);
      setState((s) => applyDefaults(s, r.value));
    });
    return () => {
      live = false;
    };
  }, [bridge, connection, osId, sourceKind, virtioWin, firmware, tpm, pool, setState]);

  // detection reads the ISO on the host once the user stops typing its path
  const isoPath = state.sourceKind === 'iso' ? state.path.trim() : '';
  const hasDetection = state.detection !== undefined;
  const pickedRef = useRef(userPickedOs);
  pickedRef.current = userPickedOs;
  useEffect(() => {
    setDetectError(undefined);
    if (!isoPath.startsWith('/') || hasDetection) {
      setDetecting(false);
      return;
    }
    let live = true;
    setDetecting(true);
    const timer = setTimeout(() => {
      void bridge.call('osinfo.detectIso', { connection, path: isoPath }).then((r) => {
        if (!live) return;
        setDetecting(false);
        if (r.ok) setState((s) => applyDetection(s, r.value, pickedRef.current));
        else setDetectError(r.error.message);
      });
    }, DETECT_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [bridge, connection, isoPath, hasDetection, setState]);

  // validation of the whole spec, as the user types
  // an OS newer than the db (debian12) is in no list entry: its family comes with the defaults
  const osFamily = useMemo(
    () =>
      osList?.find((o) => o.id === state.osId)?.family ??
      (defaults?.os?.id === state.osId ? defaults?.os?.family : undefined),
    [osList, state.osId, defaults],
  );
  const spec = useMemo(() => buildSpec(state, connection, osFamily), [state, connection, osFamily]);
  // a new round also when asked (after a failed create: the host has changed, not the spec)
  const [round, setRound] = useState(0);
  const revalidate = useCallback(() => setRound((n) => n + 1), []);
  const specKey = `${round}:${JSON.stringify(spec)}`;
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      const asked: CreateVmSpec = JSON.parse(specKey.slice(specKey.indexOf(':') + 1));
      void bridge.call('create.validate', asked).then((r) => {
        if (!live) return;
        setProblems(r.ok ? r.value : [problemFromError(r.error.message, r.error.detail?.field)]);
        setValidatedKey(specKey);
        setValidatedSpec(asked);
      });
    }, VALIDATE_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [bridge, specKey]);

  return {
    host,
    networks,
    pools,
    refreshNetworks,
    osList,
    osListError,
    defaults,
    detecting,
    detectError,
    problems,
    spec,
    validated: validatedKey === specKey,
    /** the problems shown hold for this step: what it edits has not changed since they were computed */
    validatedFor: (step: StepId) =>
      validatedKey?.split(':')[0] === String(round) &&
      !!validatedSpec &&
      sameForStep(validatedSpec, spec, step),
    revalidate,
  };
}

/** The api refused the spec outright (INVALID_INPUT): show it on its field like any other problem. */
function problemFromError(message: string, field?: string): FieldProblem {
  const known = [
    'name',
    'memoryMiB',
    'vcpus',
    'diskGiB',
    'pool',
    'network',
    'firmware',
    'tpm',
    'virtioWinIso',
    'source.path',
  ];
  const f =
    field && known.includes(field) ? field : field?.startsWith('source') ? 'source.path' : 'connection';
  return { field: f as FieldProblem['field'], severity: 'error', message };
}
