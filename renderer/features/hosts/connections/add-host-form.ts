// The Add-host dialog's fields -> the api's arguments. The URI and its rules live in main
// (libvirt/uri.ts, asked through hosts.buildUri): the renderer has no URI rule of its own.
import type { SshHostArgs } from '../../../../preload/contract';

export interface AddHostForm {
  host: string;
  user: string;
  /** as typed: '' is ssh's default (22) */
  port: string;
  daemon: 'system' | 'session';
  label: string;
  connectAtStart: boolean;
}

export const EMPTY_FORM: AddHostForm = {
  host: '',
  user: '',
  port: '',
  daemon: 'system',
  label: '',
  connectAtStart: true,
};

/** null port: the port field is not a number at all (said in the dialog, before any call) */
export function sshArgsOf(f: AddHostForm): SshHostArgs | { portProblem: string } {
  const port = f.port.trim();
  if (port && !/^\d+$/.test(port))
    return { portProblem: 'The port is a whole number from 1 to 65535 (ssh uses 22).' };
  return {
    host: f.host.trim(),
    ...(f.user.trim() ? { user: f.user.trim() } : {}),
    ...(port ? { port: Number(port) } : {}),
    daemon: f.daemon,
  };
}
