// What `--list`, `--start`, `--shutdown` and `--console` do, over any api: the Electron app's own, a
// running `serve`'s (over its WebSocket) or one made for this command (libvirt directly). The answer is
// what the process prints and its exit status, so a second instance can carry it back to its terminal.
import type { ApiResult, Snapshot, VmSummary } from '../../../preload/contract';
import { type CliCommand, EXIT, stateInWords } from '../../model/cli-args';

export interface CliApi {
  call(method: string, args: unknown): Promise<ApiResult<unknown>>;
}

export interface CliAnswer {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface CliHooks {
  /** the console was asked for: the browser shell answers with a route; this makes the URL to print */
  consoleUrl?: (route: string) => string;
  /** why a console cannot be opened here (no serve is running to open it in) */
  noConsole?: string;
}

const said = (exitCode: number, stderr: string): CliAnswer => ({
  exitCode,
  stdout: '',
  stderr: `${stderr}\n`,
});

/** the guest by its name; several connections may each have one: then the name is not enough */
function findGuest(vms: VmSummary[], name: string): VmSummary | CliAnswer {
  const found = vms.filter((v) => v.name === name);
  if (found.length === 1) return found[0] as VmSummary;
  if (found.length === 0)
    return said(EXIT.usage, `kvm-desk: there is no guest named ${JSON.stringify(name)}`);
  return said(
    EXIT.usage,
    `kvm-desk: ${found.length} connections have a guest named ${JSON.stringify(name)} (${found.map((v) => v.connection).join(', ')})`,
  );
}

/** an api error as the command's answer: a call the api refused as asked wrongly is a usage error */
function failed(name: string, result: ApiResult<unknown>): CliAnswer {
  if (result.ok) return { exitCode: EXIT.ok, stdout: '', stderr: '' };
  const usage = result.error.code === 'NOT_FOUND' || result.error.code === 'INVALID_INPUT';
  return said(usage ? EXIT.usage : EXIT.failed, `kvm-desk: ${name}: ${result.error.message}`);
}

export async function runCliCommand(
  command: CliCommand,
  api: CliApi,
  hooks: CliHooks = {},
): Promise<CliAnswer> {
  if (command.kind === 'help' || command.kind === 'open')
    return said(EXIT.usage, `kvm-desk: ${command.kind} is the shell's own, not a command`);
  const snapshot = await api.call('app.snapshot', {});
  if (!snapshot.ok) return said(EXIT.failed, `kvm-desk: ${snapshot.error.message}`);
  const { vms } = snapshot.value as Snapshot;
  if (command.kind === 'list') {
    const lines = [...vms]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((v) => `${v.name}\t${stateInWords(v.state)}\n`);
    return { exitCode: EXIT.ok, stdout: lines.join(''), stderr: '' };
  }
  const vm = findGuest(vms, command.name);
  if ('exitCode' in vm) return vm;
  const ref = { connection: vm.connection, uuid: vm.uuid };
  if (command.kind === 'start') return failed(vm.name, await api.call('vms.start', ref));
  if (command.kind === 'shutdown') return failed(vm.name, await api.call('vms.shutdown', ref));
  if (hooks.noConsole) return said(EXIT.failed, `kvm-desk: ${hooks.noConsole}`);
  const opened = await api.call('console.openWindow', ref);
  if (!opened.ok) return failed(vm.name, opened);
  const route = (opened.value as { url?: string }).url;
  // Electron opened (or focused) the window itself; the browser shell answers where to open it
  if (route === undefined || !hooks.consoleUrl) return { exitCode: EXIT.ok, stdout: '', stderr: '' };
  return { exitCode: EXIT.ok, stdout: `${hooks.consoleUrl(route)}\n`, stderr: '' };
}
