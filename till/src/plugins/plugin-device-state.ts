import type { TillDeviceState } from '@kits/plugin-sdk/till';
import type { TillDatabase } from '../store/till-database.ts';

const KEY = /^[a-z][a-z0-9-]{0,59}$/;

function checked(key: string): string {
  if (!KEY.test(key))
    throw new TypeError(`"${key}" is not a device state key: lower-case letters, digits and dashes, starting with a letter.`);
  return key;
}

/**
 * One plugin's small state on the device (`context.device`): kept in the till's sealed `meta`
 * collection under `<plugin id>:<key>`, so two plugins never share a key.
 */
export function pluginDeviceState(db: TillDatabase, pluginId: string): TillDeviceState {
  const id = (key: string) => `${pluginId}:${checked(key)}`;
  return {
    async get<Value>(key: string) {
      const doc = await db.meta.findOne(id(key)).exec();
      return (doc?.value ?? undefined) as Value | undefined;
    },
    async set(key, value) {
      if (value === undefined) await db.meta.findOne(id(key)).remove();
      else await db.meta.upsert({ id: id(key), value });
    },
    async next(counter) {
      let next = 0;
      const doc = await db.meta.insertIfNotExists({ id: id(counter), value: 0 });
      await doc.incrementalModify((current) => {
        next = Number(current.value ?? 0) + 1;
        return { ...current, value: next };
      });
      return next;
    },
  };
}
