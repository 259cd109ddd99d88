import type { OfficeLocation, OfficeLocationChoice } from '@kits/plugin-sdk/office';

/**
 * The location chosen in the switcher, remembered per shop in this browser. Plugins read
 * `current` and `watch` it; `undefined` means all of the person's locations.
 */
export class LocationChoice implements OfficeLocationChoice {
  private chosen: OfficeLocation | undefined;
  private readonly listeners = new Set<(location: OfficeLocation | undefined) => void>();

  private readonly locations: readonly OfficeLocation[];
  private readonly storageKey: string;

  constructor(locations: readonly OfficeLocation[], storageKey: string) {
    this.locations = locations;
    this.storageKey = storageKey;
    const saved = localStorage.getItem(storageKey);
    this.chosen = locations.find((location) => location.id === saved) ?? (locations.length === 1 ? locations[0] : undefined);
  }

  get current(): OfficeLocation | undefined {
    return this.chosen;
  }

  choose(locationId: string | undefined): void {
    this.chosen = this.locations.find((location) => location.id === locationId);
    if (this.chosen) localStorage.setItem(this.storageKey, this.chosen.id);
    else localStorage.removeItem(this.storageKey);
    for (const listener of this.listeners) listener(this.chosen);
  }

  watch(listener: (location: OfficeLocation | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
