// The create service: everything the creation wizard's api calls need (see each file's header).
export { CREATE_STEPS, type CreateDeps, createGuest, guestXml } from './create-guest';
export { checkFileForQemu } from './file-check';
export { type CreateHost, detectKvm, forgetHostFeatures, hostFeatures } from './host-kvm';
export { listInstallMedia } from './install-media';
export { createQcow2Volume, defaultPoolPath, ensurePool, listPools, poolFreeBytes } from './storage';
export {
  createContext,
  createDefaults,
  defaultNetworkState,
  ensureDefaultNetwork,
  validateForCreate,
} from './wizard';
