// The guest reports what it leaves unused (balloon.unused, .usable) only when its balloon driver is
// asked to, every N seconds (virDomainSetMemoryStatsPeriod). Set once on a watched running guest that
// does not report yet; a guest without a balloon device is remembered as such, so its sample says why.
import type { DomainRef, LibvirtConnectionApi } from '../../libvirt/facade';
import type { StatsReading } from '../../model/stats-sample';

export const MEMORY_STATS_PERIOD_S = 5;
const AFFECT_LIVE = 1;

export class BalloonPeriods {
  /** per guest while it runs: 'asked' (period set or being set) or 'none' (no balloon device) */
  private readonly asked = new Map<string, 'asked' | 'none'>();

  /** false when libvirt said the guest has no balloon device; undefined: not known */
  hasBalloon(uuid: string): boolean | undefined {
    return this.asked.get(uuid) === 'none' ? false : undefined;
  }

  ensurePeriod(client: LibvirtConnectionApi, dom: DomainRef, reading: StatsReading): void {
    if (this.asked.has(dom.uuid) || reading.balloonUnusedKiB !== undefined) return;
    this.asked.set(dom.uuid, 'asked');
    client.domainSetMemoryStatsPeriod(dom, MEMORY_STATS_PERIOD_S, AFFECT_LIVE).catch((err: Error) => {
      // libvirt 9.0: "No memory balloon device configured, can not set the collection period"
      if (/balloon/i.test(err.message)) this.asked.set(dom.uuid, 'none');
    });
  }

  /** the guest stopped (or went away): its next start is asked again */
  forget(uuid: string): void {
    this.asked.delete(uuid);
  }
}
