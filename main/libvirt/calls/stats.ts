// Domain statistics: the bulk call (every domain, or a list of them, in one round trip) and the balloon's
// reporting period. virConnectGetAllDomainStats and virDomainListGetStats are one procedure: the first
// sends an empty domain list.
import type { CallOptions } from '../client.js';
import type { DomainRef, TypedParams } from '../facade.js';
import { getDomain, getTypedParams, getVoid, putDomain } from '../protocol/common.js';
import { DomainProc } from '../protocol/domain.js';
import type { CallContext, CallFamily } from './context.js';

export type DomainStats = { dom: DomainRef; params: TypedParams }[];

function listStats(
  c: CallContext,
  doms: DomainRef[],
  stats: number,
  flags: number,
  o?: CallOptions,
): Promise<DomainStats> {
  return c.call(
    DomainProc.GET_ALL_DOMAIN_STATS,
    (w) => {
      w.uint(doms.length);
      for (const d of doms) putDomain(w, d);
      w.uint(stats);
      w.uint(flags);
    },
    (r) => r.array((x) => ({ dom: getDomain(x), params: getTypedParams(x) })),
    o,
  );
}

export const statsCalls = {
  /** every domain's stats (filtered by flags) */
  getAllDomainStats(stats: number, flags = 0, o?: CallOptions): Promise<DomainStats> {
    return listStats(this, [], stats, flags, o);
  },
  /** these domains' stats in one round trip */
  domainListGetStats(doms: DomainRef[], stats: number, flags = 0, o?: CallOptions): Promise<DomainStats> {
    return listStats(this, doms, stats, flags, o);
  },
  domainSetMemoryStatsPeriod(dom: DomainRef, periodS: number, flags: number, o?: CallOptions): Promise<void> {
    return this.call(
      DomainProc.SET_MEMORY_STATS_PERIOD,
      (w) => {
        putDomain(w, dom);
        w.int(periodS);
        w.uint(flags);
      },
      getVoid,
      o,
    );
  },
} satisfies CallFamily;

export type StatsCalls = typeof statsCalls;
