// A python3-libvirt peer kept running beside a benchmark, so that ours and the peer's runs can alternate
// (this machine is shared: alternating keeps both sides under the same load). The script reads one line
// per run from stdin and prints one JSON number per run.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export class PythonPeer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;

  constructor(script: string) {
    // Debian's python3 (the one python3-libvirt is built for), not whatever python3 is first on PATH
    this.child = spawn('/usr/bin/python3', ['-u', '-c', script], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    this.child.stderr.on('data', (d) => {
      stderr += d;
    });
    this.child.on('exit', (code) => {
      if (code) console.error(`python peer exited ${code}: ${stderr}`);
    });
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  /** waits for the script's first line (it prints "ready" once set up) */
  async ready(): Promise<void> {
    const first = await this.lines.next();
    if (first.done || first.value !== 'ready') throw new Error(`python peer did not start: ${first.value}`);
  }

  async run(arg = 'run'): Promise<number> {
    this.child.stdin.write(`${arg}\n`);
    const line = await this.lines.next();
    if (line.done) throw new Error('python peer ended');
    return JSON.parse(line.value) as number;
  }

  /** sends one line and answers the script's one line back, unparsed */
  async runLine(arg: string): Promise<string> {
    this.child.stdin.write(`${arg}\n`);
    const line = await this.lines.next();
    if (line.done) throw new Error('python peer ended');
    return line.value;
  }

  close(): void {
    this.child.stdin.end();
  }
}
