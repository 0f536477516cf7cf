// Upload/download jobs of the storage panel: each job's latest 'job' event by id (events can beat the
// call's answer), and the browser's own PUT of the file for a browser-shell upload.
import { useEffect, useRef, useState } from 'react';
import type { Job, KvmBridge } from '../../../../preload/contract';

export function useJobs(bridge: KvmBridge, onEnd: (job: Job) => void) {
  const [jobs, setJobs] = useState<Record<string, Job>>({});
  const seen = useRef(new Map<string, Job>());
  const ended = useRef(onEnd);
  ended.current = onEnd;
  const mine = useRef(new Set<string>());
  useEffect(
    () =>
      bridge.on('job', (j) => {
        seen.current.set(j.id, j);
        if (!mine.current.has(j.id)) return;
        setJobs((all) => ({ ...all, [j.id]: j }));
        if (j.state !== 'running') ended.current(j);
      }),
    [bridge],
  );
  const track = (job: Job) => {
    mine.current.add(job.id);
    const latest = seen.current.get(job.id) ?? job;
    setJobs((all) => ({ ...all, [job.id]: latest }));
    if (latest.state !== 'running') ended.current(latest);
  };
  const dismiss = (id: string) =>
    setJobs((all) => {
      const { [id]: _gone, ...rest } = all;
      return rest;
    });
  return { jobs: Object.values(jobs), track, dismiss };
}

/** the page's PUT of the file to the backend (streamed by the browser, with the session's cookie) */
export async function putFile(url: string, file: File, signal: AbortSignal): Promise<void> {
  const res = await fetch(url, { method: 'PUT', body: file, signal, credentials: 'same-origin' });
  if (!res.ok && res.status !== 204) throw new Error(await res.text());
}
