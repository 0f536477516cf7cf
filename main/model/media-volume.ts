// A storage volume as the wizard's pool picker offers it: its path on the host, format and size from
// libvirt's volume XML, and whether it is install media (an ISO) or a disk image a guest can import.
// Pure: services/create/install-media.ts asks libvirt.
//
// Exports:
//   mediaVolume(pool, name, volumeXml): MediaVolume
//   mediaKind(volume): 'iso' | 'disk' | undefined     undefined: neither (a folder, a vmdk, a block device's raw)
import type { MediaVolume } from '../../preload/contract';
import { attr, find, parseXml, text } from './xml';

export function mediaVolume(pool: string, name: string, volumeXml: string): MediaVolume {
  const root = parseXml(volumeXml).documentElement!;
  return {
    pool,
    name,
    path: text(find(root, 'target/path'))?.trim() ?? '',
    // a dir pool's probe: 'iso' for an ISO 9660 image, 'raw' for what it cannot tell
    format: attr(find(root, 'target/format'), 'type') ?? 'raw',
    capacityBytes: Number(text(find(root, 'capacity')) ?? 0),
  };
}

/**
 * libvirt 9.0's dir pools call an uploaded or copied ISO 'iso' after a refresh, but a volume made by an
 * upload keeps the format it was created with ('raw' for a file not named .iso): the name counts too.
 */
export function mediaKind(v: Pick<MediaVolume, 'name' | 'format' | 'path'>): 'iso' | 'disk' | undefined {
  if (!v.path.startsWith('/')) return undefined;
  if (v.format === 'iso' || /\.iso$/i.test(v.name)) return 'iso';
  if (v.format === 'qcow2' || v.format === 'raw') return 'disk';
  return undefined;
}
