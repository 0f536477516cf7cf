// The OS types the model's modules share (domain-xml, domain-build, defaults, osinfo), in a module of
// their own so none of them imports another only for a type.
import type { VmSummary } from '../../preload/contract';

export type OsFamily = VmSummary['osFamily'];

/** What the caller knows about an osinfo id (osinfo.ts provides one from osinfo-db). */
export type OsLookup = (id: {
  shortId?: string;
  url?: string;
}) => { shortId: string; name: string; family: OsFamily } | undefined;
