// Virtual networks (the Networks panel, the wizard's network choice): see each file's top comment.
export {
  createDefaultNetwork,
  ensureNatNetwork,
  lookupNetwork,
  natNetworkXml,
  startNetwork,
} from './default-network';
export { guestNetworkUse } from './guests-on-networks';
export { networkCreateInfo, takenSubnets } from './host-subnets';
export { LEASE_POLL_MS, NetworksHub, networkLeases } from './hub';
export {
  createNetwork,
  createProblems,
  deleteNetwork,
  listNetworks,
  setNetworkAutostart,
  stopNetwork,
} from './manage';
