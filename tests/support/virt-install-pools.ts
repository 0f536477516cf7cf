// virt-install (a peer in tests and benchmarks) silently defines an autostarting storage pool for every
// folder it touches that no pool covers (virtinst's diskbackend.manage_path: the pool is named after the
// folder, so a temp folder kvmdesk-test-vi-XXXX gives a pool of that name that outlives the folder).
// Callers remove, after each virt-install run, the pools that point into the folder they gave it; with
// `before`, only pools that did not exist before the run (for a folder shared with other pools' users).
//
// Exports:
//   poolNames(): Promise<Set<string>>                      every pool on qemu:///system
//   removePoolsInto(dir, before?): Promise<string[]>       destroys and undefines them; their names
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { find, parseXml, text } from '../../main/model/xml';

const run = promisify(execFile);
const virsh = (...a: string[]) =>
  run('virsh', ['-c', 'qemu:///system', ...a], { timeout: 60_000 }).then((r) => r.stdout.trim());

export async function poolNames(): Promise<Set<string>> {
  const out = await virsh('pool-list', '--all', '--name');
  return new Set(
    out
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
}

function targetPath(xml: string): string | undefined {
  if (!xml) return undefined;
  const pool = parseXml(xml).documentElement;
  return pool ? text(find(pool, 'target/path')) : undefined;
}

/** Removes the pools whose folder is `dir` or inside it (and that were not in `before`, when given). */
export async function removePoolsInto(dir: string, before?: Set<string>): Promise<string[]> {
  const root = dir.replace(/\/+$/, '');
  const removed: string[] = [];
  for (const name of await poolNames()) {
    if (before?.has(name)) continue;
    const path = targetPath(await virsh('pool-dumpxml', name).catch(() => ''));
    if (!path || (path.replace(/\/+$/, '') !== root && !path.startsWith(`${root}/`))) continue;
    await virsh('pool-destroy', name).catch(() => undefined);
    await virsh('pool-undefine', name).catch(() => undefined);
    removed.push(name);
  }
  return removed;
}
