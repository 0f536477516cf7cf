// Which icon shows a guest's OS: the distribution's mark where there is one, else the family's. One rule
// for the guest list (renderer/components/OsIcon.tsx draws Tabler's icon of that name) and the desktop
// shortcuts (main/model/os-icon-svg.ts writes the same icon as an SVG file).
import type { VmSummary } from './guests';

export type OsIconKey = 'windows' | 'bsd' | 'debian' | 'ubuntu' | 'redhat' | 'linux' | 'other';

export function osIconKey(family: VmSummary['osFamily'], osId = ''): OsIconKey {
  if (family === 'windows') return 'windows';
  if (family === 'bsd') return 'bsd'; // the BSD daemon's trident
  if (family === 'linux') {
    if (osId.startsWith('debian')) return 'debian';
    if (osId.startsWith('ubuntu')) return 'ubuntu';
    if (/^(rhel|fedora|centos|rocky|alma)/.test(osId)) return 'redhat';
    return 'linux';
  }
  return 'other';
}
