// A saved definition's fingerprint (VmDetails.version): an edit made from details passes it back, and
// a definition that changed since (another tool redefined the guest) refuses the edit.
import { createHash } from 'node:crypto';

export function definitionVersion(inactiveXml: string): string {
  return createHash('sha256').update(inactiveXml).digest('hex').slice(0, 16);
}
