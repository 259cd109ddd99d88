import type { OfficeApi, OfficeSession } from '@kits/plugin-sdk/office';
import { useEffect, useState } from 'preact/hooks';

export interface Till {
  readonly id: string;
  readonly name: string;
  readonly locationId: string;
}

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

/** The tills and staff of the tenant, by id: sale and shift pages name them instead of showing ids. */
export interface Directory {
  readonly tills: ReadonlyMap<string, Till>;
  readonly people: ReadonlyMap<string, Person>;
}

const EMPTY: Directory = { tills: new Map(), people: new Map() };
const MAX_STAFF_PAGES = 10;

/**
 * Loads the directory once per office session (the kernel lists tills and staff only to those who
 * manage them: without that permission the pages show short ids instead, and the till and cashier
 * filters are left out). Created in `activate`, so every page of the plugin shares one copy.
 */
export function createDirectory(api: OfficeApi, session: OfficeSession): () => Promise<Directory> {
  let loading: Promise<Directory> | undefined;
  const load = async (): Promise<Directory> => {
    const tills = new Map<string, Till>();
    const people = new Map<string, Person>();
    if (session.may('kernel:devices.manage')) {
      const devices = await api.get<{ items: Array<{ id: string; name: string; locationId: string }> }>('/api/v1/tenants/current/devices');
      for (const device of devices.items) tills.set(device.id, { id: device.id, name: device.name, locationId: device.locationId });
    }
    if (session.may('kernel:users.manage')) {
      let cursor: string | undefined;
      for (let page = 0; page < MAX_STAFF_PAGES; page++) {
        const staff = await api.get<{ items: Array<{ id: string; displayName: string; email: string }>; nextCursor: string | null }>(
          '/api/v1/tenants/current/staff',
          { query: { limit: 200, cursor } },
        );
        for (const person of staff.items) people.set(person.id, { id: person.id, name: person.displayName, email: person.email });
        if (!staff.nextCursor) break;
        cursor = staff.nextCursor;
      }
    }
    // The signed-in person is always known, whatever they may list.
    if (!people.has(session.userId)) people.set(session.userId, { id: session.userId, name: session.name, email: session.email });
    return { tills, people };
  };
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined; // a failed load is tried again by the next page that asks
      throw error;
    });
    return loading;
  };
}

/** The directory for a page: empty until loaded, and empty (ids shown) should it fail. */
export function useDirectory(directory: () => Promise<Directory>): Directory {
  const [known, setKnown] = useState<Directory>(EMPTY);
  useEffect(() => {
    let live = true;
    directory().then(
      (loaded) => live && setKnown(loaded),
      () => undefined, // names are a comfort: the page works with ids
    );
    return () => {
      live = false;
    };
  }, [directory]);
  return known;
}

const shortId = (id: string) => id.slice(-6);

export const tillName = (directory: Directory, id: string | null | undefined): string =>
  !id ? '—' : (directory.tills.get(id)?.name ?? `Till …${shortId(id)}`);

export const personName = (directory: Directory, id: string | null | undefined): string =>
  !id ? '—' : (directory.people.get(id)?.name ?? `Staff …${shortId(id)}`);
