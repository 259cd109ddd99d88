/**
 * The leaky bucket Shopify meters GraphQL cost with, per app and store: it holds at most
 * `maximumAvailable` points and refills at `restoreRate` points a second. A query may start only
 * when the bucket holds its requested cost; that is taken, and the difference to the actual cost
 * is given back when it finishes. `drainFor(ms)` empties it and keeps it empty for a while (a test's
 * way to say "throttled for 30 s"); refilling resumes afterwards from zero.
 */

export interface BucketSettings {
  maximumAvailable: number;
  restoreRate: number;
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class CostBucket {
  private available: number;
  private at: number;
  private drainedUntil = 0;
  readonly settings: BucketSettings;
  private readonly clock: () => number;

  constructor(settings: BucketSettings, clock: () => number = Date.now) {
    this.settings = settings;
    this.clock = clock;
    this.available = settings.maximumAvailable;
    this.at = clock();
  }

  private refill(): void {
    const now = this.clock();
    if (now < this.drainedUntil) {
      this.available = 0;
      this.at = now;
      return;
    }
    const since = Math.max(this.at, this.drainedUntil);
    this.available = Math.min(this.settings.maximumAvailable, this.available + ((now - since) / 1000) * this.settings.restoreRate);
    this.at = now;
  }

  /** Takes `cost` if the bucket holds it; false (nothing taken) when it does not. */
  take(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  giveBack(points: number): void {
    this.refill();
    this.available = Math.min(this.settings.maximumAvailable, this.available + Math.max(0, points));
  }

  drainFor(ms: number): void {
    this.refill();
    this.available = 0;
    this.drainedUntil = this.clock() + ms;
    this.at = this.clock();
  }

  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.settings.maximumAvailable,
      // Shopify reports whole points (as a float in JSON); the double rounds down what has refilled.
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.settings.restoreRate,
    };
  }
}
