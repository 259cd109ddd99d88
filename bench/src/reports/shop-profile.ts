import type { ShopShape } from './scale.ts';

/**
 * The shape of a generated shop's stores, drawn from the seed: how busy each store is (a few big
 * ones, a long tail of small ones), its opening hours, whether it opens on Sunday, and its tills
 * and cashiers. The biggest stores come first.
 */
export interface StoreProfile {
  /** 1-based, biggest first. */
  readonly index: number;
  readonly name: string;
  /** Relative busyness: the first store is 1, the smallest about a quarter. */
  readonly size: number;
  /** Local opening hours, Monday to Saturday: open from `opens`:00 to `closes`:00. */
  readonly opens: number;
  readonly closes: number;
  /** Sunday hours, or null when closed on Sunday. */
  readonly sunday: { readonly opens: number; readonly closes: number } | null;
  readonly tills: number;
  /** Two shifts a day on every till. */
  readonly cashierCount: number;
}

/** A small, well-spread deterministic generator (mulberry32): the same seed gives the same shop. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function storeProfiles(shape: ShopShape, seed: number): StoreProfile[] {
  const random = seededRandom(seed);
  return Array.from({ length: shape.locations }, (_, i) => {
    // A Zipf-like tail: the 50th store sells about a quarter of what the first does.
    const size = Math.round((1 / (1 + i * 0.06)) * (0.9 + random() * 0.2) * 1000) / 1000;
    const opens = 7 + Math.floor(random() * 3);
    const closes = 18 + Math.floor(random() * 4);
    const sunday = random() < 0.2 ? { opens: 10, closes: 16 } : null;
    const tills = Math.max(2, Math.min(6, Math.round(1.5 + 4.5 * size)));
    return {
      index: i + 1,
      name: `Store ${String(i + 1).padStart(2, '0')}`,
      size: i === 0 ? 1 : size,
      opens,
      closes,
      sunday,
      tills: i === 0 ? 6 : tills,
      cashierCount: 2 * (i === 0 ? 6 : tills),
    };
  });
}

/** Zones without daylight saving time, one per whole-hour UTC offset from −11 to +13. */
const ZONES_BY_OFFSET: Readonly<Record<number, string>> = {
  [-11]: 'Pacific/Pago_Pago',
  [-10]: 'Pacific/Honolulu',
  [-9]: 'Pacific/Gambier',
  [-8]: 'Pacific/Pitcairn',
  [-7]: 'America/Phoenix',
  [-6]: 'America/Costa_Rica',
  [-5]: 'America/Bogota',
  [-4]: 'America/La_Paz',
  [-3]: 'America/Sao_Paulo',
  [-2]: 'America/Noronha',
  [-1]: 'Atlantic/Cape_Verde',
  0: 'Africa/Abidjan',
  1: 'Africa/Lagos',
  2: 'Africa/Johannesburg',
  3: 'Europe/Istanbul',
  4: 'Asia/Dubai',
  5: 'Asia/Karachi',
  6: 'Asia/Dhaka',
  7: 'Asia/Bangkok',
  8: 'Asia/Singapore',
  9: 'Asia/Tokyo',
  10: 'Australia/Brisbane',
  11: 'Pacific/Guadalcanal',
  12: 'Pacific/Tarawa',
  13: 'Pacific/Tongatapu',
};

/**
 * A time zone where it is about 17:00 at `now`. The dashboard covers today so far and the same
 * stretch a week ago: at night both are empty and it costs nothing, so the bench's shop trades in
 * the zone where the bench runs in its late afternoon, with today's figures nearly full.
 */
export function lateAfternoonZone(now: Date): string {
  const offset = ((((17 - now.getUTCHours() + 11) % 24) + 24) % 24) - 11;
  return ZONES_BY_OFFSET[offset]!;
}
