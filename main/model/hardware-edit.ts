// One HardwareEdit (the contract's) applied to a guest's saved definition: the dispatch from the api's
// edit kinds to the in-place edits of domain-edit*.ts. Pure: the service decides what runs live.
import type { HardwareEdit } from '../../preload/contract';
import {
  addCdrom,
  addGuestAgentChannel,
  addNic,
  addRng,
  addTpm,
  addUsbTablet,
  removeDisk,
  removeGuestAgentChannel,
  removeNic,
  removeRng,
  removeTpm,
  removeUsbTablet,
  setBootMenu,
  setBootOrder,
  setCdromMedia,
  setCpuMode,
  setDiskSettings,
  setFirmware,
  setMemory,
  setNicLinkState,
  setNicModel,
  setNicSource,
  setSoundModel,
  setTopology,
  setVcpus,
  setVideoModel,
  setWatchdog,
} from './domain-edit';

export function applyHardwareEdit(xml: string, edit: HardwareEdit): string {
  switch (edit.kind) {
    case 'vcpus':
      return setVcpus(xml, edit.current, edit.maximum);
    case 'topology':
      return setTopology(xml, edit.sockets, edit.cores, edit.threads);
    case 'cpuMode':
      return setCpuMode(xml, edit.mode);
    case 'memory':
      return setMemory(xml, edit.currentKiB, edit.maximumKiB);
    case 'bootMenu':
      return setBootMenu(xml, edit.enabled);
    case 'bootOrder':
      return setBootOrder(xml, edit.order);
    case 'firmware':
      return setFirmware(xml, edit.firmware);
    case 'cdromMedia':
      return setCdromMedia(xml, edit.target, edit.path);
    case 'addCdrom':
      return addCdrom(xml, edit.bus);
    case 'removeDisk':
      return removeDisk(xml, edit.target);
    case 'diskSettings':
      return setDiskSettings(xml, edit.target, edit.settings);
    // a disk's file or volume, made or looked at first (services/edit/disks.ts): not an XML edit alone
    case 'newDisk':
    case 'attachDisk':
    case 'growDisk':
      throw new Error(`${edit.kind} is applied by services/edit/disks.ts`);
    case 'addNic':
      return addNic(xml, { ...edit.source, model: edit.model, mac: edit.mac });
    case 'removeNic':
      return removeNic(xml, edit.mac);
    case 'nicLink':
      return setNicLinkState(xml, edit.mac, edit.up ? 'up' : 'down');
    case 'nicModel':
      return setNicModel(xml, edit.mac, edit.model);
    case 'nicSource':
      return setNicSource(xml, edit.mac, edit.source);
    case 'tpm':
      return edit.enabled ? addTpm(xml) : removeTpm(xml);
    case 'video':
      return setVideoModel(xml, edit.model);
    case 'sound':
      return setSoundModel(xml, edit.model);
    case 'tablet':
      return edit.enabled ? addUsbTablet(xml) : removeUsbTablet(xml);
    case 'guestAgent':
      return edit.enabled ? addGuestAgentChannel(xml) : removeGuestAgentChannel(xml);
    case 'rng':
      return edit.enabled ? addRng(xml) : removeRng(xml);
    case 'watchdog':
      return setWatchdog(xml, edit.watchdog);
  }
}
