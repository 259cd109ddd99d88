/** A till event id: `{deviceId}#{sequence}#{uuid}` (DESIGN §6). */
export interface SyncEventId {
  readonly deviceId: string;
  readonly sequence: number;
  readonly unique: string;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const EVENT_ID = new RegExp(`^(${UUID})#([1-9][0-9]{0,14})#(${UUID})$`, 'i');

/** Parses an event id, or returns undefined when it is not one. */
export function parseSyncEventId(id: string): SyncEventId | undefined {
  const match = EVENT_ID.exec(id);
  if (!match) return undefined;
  return { deviceId: match[1]!.toLowerCase(), sequence: Number(match[2]), unique: match[3]!.toLowerCase() };
}
