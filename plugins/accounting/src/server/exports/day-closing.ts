import type { ServiceLocator, TenantTransaction } from '@kits/plugin-sdk';
import { localDate, locationZones, shiftHoldsDay } from '../ledger/location-days.ts';
import { salesProvider } from '../provider.ts';

/** Why a day may or may not be exported yet. */
export interface DayClosing {
  readonly ended: boolean;
  readonly closed: boolean;
  /** The location's zone and its date now. */
  readonly timezone: string;
  readonly today: string;
  /** Open shifts that opened before the day ended (they keep it open). */
  readonly openShifts: number;
}

/**
 * Reads, per transaction, whether a location's day is closed: its local date has ended, and no shift
 * at the location that opened before the day ended is still open (sales@1 `openShifts`; without a
 * sales plugin, or one without `openShifts`, days close by the date alone).
 */
export function dayClosings(tx: TenantTransaction, services: ServiceLocator, now: Date) {
  const shifts = new Map<string, Promise<ReadonlyArray<{ openedAt: string }>>>();
  const openShiftsAt = (locationId: string) => {
    let found = shifts.get(locationId);
    if (!found) {
      const sales = salesProvider(services);
      found = sales?.openShifts ? sales.openShifts(locationId) : Promise.resolve([]);
      shifts.set(locationId, found);
    }
    return found;
  };
  return async (locationId: string, day: string): Promise<DayClosing> => {
    const zones = await locationZones(tx);
    const timezone = zones.get(locationId)?.timezone ?? (await tx.directory.tenant()).timezone;
    const today = localDate(now, timezone);
    const ended = day < today;
    if (!ended) return { ended, closed: false, timezone, today, openShifts: 0 };
    const holding = (await openShiftsAt(locationId)).filter((s) => shiftHoldsDay(s.openedAt, day, timezone)).length;
    return { ended, closed: holding === 0, timezone, today, openShifts: holding };
  };
}
