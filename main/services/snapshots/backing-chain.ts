// A disk file's backing chain as qemu-img reads it, top first (-U: a running guest holds the files).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function backingChain(top: string): Promise<string[]> {
  const { stdout } = await run('qemu-img', ['info', '-U', '--backing-chain', '--output=json', top], {
    timeout: 30_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return (JSON.parse(stdout) as { filename: string }[]).map((layer) => layer.filename);
}
