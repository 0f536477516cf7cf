export { ConsoleBridge, type Upstream } from './bridge';
export { type ConsoleLibvirt, ConsoleService, type UpgradeHost } from './service';
export { type SshEndpoint, sshEndpointFromUri, sshTunnelArgs } from './ssh-tunnel';
export { ConsoleTokens } from './tokens';
export { ConsoleUnavailable, type VncTarget, vncTargetFromXml } from './vnc-target';
