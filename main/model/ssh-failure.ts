// What went wrong when KVM Desk could not reach a host over ssh, from ssh's own stderr (and the exit
// status when known): a kind the UI can act on and one sentence in the user's words. Pure: the Add-host
// dialog's Test and a saved host's connection error both go through it. Host keys stay ssh's business:
// an unknown key is answered with the command that lets the user look at it and accept it themselves.

export type SshFailureKind =
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'permission-denied'
  | 'connection-refused'
  | 'unknown-host'
  | 'timeout'
  | 'no-proxy' // neither virt-ssh-helper nor nc on the host
  | 'libvirt-not-running'
  | 'other';

export interface SshFailure {
  kind: SshFailureKind;
  /** one sentence for the user */
  message: string;
  /** a command the user can run in a terminal to fix it (host key: look at it and accept it) */
  command?: string;
  /** ssh's own words, as it said them (last lines) */
  sshSaid: string;
}

export interface SshTarget {
  host: string;
  user?: string;
  port?: number;
}

function sshCommand(t: SshTarget): string {
  const port = t.port && t.port !== 22 ? `-p ${t.port} ` : '';
  return `ssh ${port}${t.user ? `${t.user}@` : ''}${t.host}`;
}

const where = (t: SshTarget) => `${t.host}${t.port && t.port !== 22 ? ` port ${t.port}` : ''}`;

/** the lines ssh printed that say something (not its banner of @ signs) */
function said(stderr: string): string {
  return stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^@+$/.test(l))
    .slice(-6)
    .join('\n');
}

export function classifySshFailure(stderr: string, target: SshTarget, exitCode?: number): SshFailure {
  const s = stderr;
  const sshSaid = said(s);
  const f = (kind: SshFailureKind, message: string, command?: string): SshFailure => ({
    kind,
    message,
    sshSaid,
    ...(command ? { command } : {}),
  });
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i.test(s)) {
    const remove = /ssh-keygen -f "[^"]+" -R "[^"]+"/.exec(s)?.[0];
    return f(
      'host-key-changed',
      `${target.host}'s host key is not the one ssh knows. If you know why it changed (a reinstall), remove the old key and connect once with ssh to check the new one; otherwise do not connect.`,
      remove,
    );
  }
  if (/Host key verification failed|No \S+ host key is known for/i.test(s)) {
    return f(
      'host-key-unknown',
      `ssh does not know ${target.host}'s host key yet, and KVM Desk never accepts one by itself. Connect once in a terminal, check the fingerprint and answer yes; then test again.`,
      sshCommand(target),
    );
  }
  if (/Permission denied \(|Too many authentication failures|Authentication failed/i.test(s)) {
    return f(
      'permission-denied',
      `${target.host} refused the login${target.user ? ` as ${target.user}` : ''}: ssh needs a key this user may log in with (in ssh-agent or ~/.ssh; KVM Desk cannot type a password).`,
    );
  }
  if (/Could not resolve hostname|Name or service not known|nodename nor servname/i.test(s)) {
    return f('unknown-host', `The name ${target.host} does not resolve to an address. Check its spelling.`);
  }
  if (/Connection refused/i.test(s) && /connect to host/i.test(s)) {
    return f(
      'connection-refused',
      `Nothing answers ssh on ${where(target)} (connection refused): is the port right and sshd running there?`,
    );
  }
  if (/timed out|Connection timed out/i.test(s)) {
    return f(
      'timeout',
      `${where(target)} did not answer in time. Is the host on, on this network, and its firewall open for ssh?`,
    );
  }
  if (/No route to host|Network is unreachable/i.test(s)) {
    return f('timeout', `${where(target)} cannot be reached from here (${sshSaid.split('\n').pop()}).`);
  }
  // the remote command: `exec nc` after virt-ssh-helper was not found (sh: "not found", bash: "command not found")
  if (exitCode === 127 || /\bnc\S*: (command )?not found|exec: nc\S*: not found/.test(s)) {
    return f(
      'no-proxy',
      `${target.host} has neither virt-ssh-helper (libvirt's, in libvirt-daemon or libvirt-clients) nor nc to reach libvirt. Install libvirt there.`,
    );
  }
  if (
    /Failed to connect socket|libvirt-sock|virtqemud-sock|nc: .*(No such file or directory|Connection refused)|unix connect failed/i.test(
      s,
    )
  ) {
    return f(
      'libvirt-not-running',
      `ssh reached ${target.host}, but libvirt is not running there (its socket is missing). Start it there: systemctl start libvirtd (or virtqemud).`,
    );
  }
  return f('other', `ssh to ${target.host} failed${sshSaid ? `: ${sshSaid.split('\n').pop()}` : '.'}`);
}
