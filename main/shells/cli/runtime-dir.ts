// $XDG_RUNTIME_DIR/kvm-desk/: where a running KVM Desk tells this user's other processes how to reach it
// (the Electron app's command socket, serve's address and token). The folder is 0700 and ours: a file
// here is readable by this user alone, which is what keeps serve's token and the socket private.
import { lstat, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** the folder's path; without XDG_RUNTIME_DIR (no systemd login), one of our own under /tmp */
export function runtimeDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'kvm-desk');
  return join(tmpdir(), `kvm-desk-${process.getuid?.() ?? 'user'}`);
}

/** makes the folder (0700) and refuses one that is a link, another user's, or open to others */
export async function ensureRuntimeDir(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = runtimeDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const st = await lstat(dir);
  const uid = process.getuid?.();
  if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o077) !== 0)
    throw new Error(`${dir} is not a private folder of this user (mode ${(st.mode & 0o777).toString(8)})`);
  return dir;
}

export const SERVE_FILE = 'serve.json';
export const COMMAND_SOCKET = 'command.sock';

/** what a running serve leaves for `npm run kvmdesk` */
export interface ServeInfo {
  /** http://HOST:PORT/?token=... as serve printed it */
  url: string;
  pid: number;
}

/** written 0600 (write-then-rename); the answer removes it again, only while it is still this process's */
export async function writeServeInfo(
  info: ServeInfo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<() => Promise<void>> {
  const file = join(await ensureRuntimeDir(env), SERVE_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(info)}\n`, { mode: 0o600 });
  await rename(tmp, file);
  return async () => {
    const now = await readServeInfo(env);
    if (now?.pid === info.pid) await unlink(file).catch(() => undefined);
  };
}

/** the same removal, synchronously, for process.on('exit') */
export function serveInfoPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(runtimeDir(env), SERVE_FILE);
}

export async function readServeInfo(env: NodeJS.ProcessEnv = process.env): Promise<ServeInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(join(runtimeDir(env), SERVE_FILE), 'utf8')) as ServeInfo;
    if (typeof info.url !== 'string' || !Number.isInteger(info.pid)) return undefined;
    // a serve that was killed (SIGKILL) could not remove it
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}
