// One snapshot job at a time from this tab: the call that starts it (take, revert, delete), then its
// 'job' events until it ends. Events can beat the call's answer, so every job event is kept by id.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, Job, KvmBridge } from '../../../../preload/contract';
import { useBridge } from '../../../app/context';

export interface SnapshotJobState {
  job?: Job;
  /** the call itself was refused (nothing started) */
  refused?: ApiError;
}

type Start = (bridge: KvmBridge) => Promise<{ ok: true; value: Job } | { ok: false; error: ApiError }>;

export function useSnapshotJob(onEnd?: (job: Job) => void) {
  const bridge = useBridge();
  const seen = useRef(new Map<string, Job>());
  const current = useRef<string>(undefined);
  const [state, setState] = useState<SnapshotJobState>({});
  const ended = useRef(onEnd);
  ended.current = onEnd;

  useEffect(
    () =>
      bridge.on('job', (j) => {
        seen.current.set(j.id, j);
        if (j.id !== current.current) return;
        setState({ job: j });
        if (j.state !== 'running') ended.current?.(j);
      }),
    [bridge],
  );

  /** starts the job; answers the refusal (shown by the caller, e.g. in a dialog) or undefined */
  const run = useCallback(
    async (start: Start): Promise<ApiError | undefined> => {
      const r = await start(bridge);
      if (!r.ok) return r.error;
      current.current = r.value.id;
      const latest = seen.current.get(r.value.id) ?? r.value;
      setState({ job: latest });
      if (latest.state !== 'running') ended.current?.(latest);
      return undefined;
    },
    [bridge],
  );

  const dismiss = useCallback(() => {
    current.current = undefined;
    setState({});
  }, []);

  return { ...state, busy: state.job?.state === 'running', run, dismiss };
}
