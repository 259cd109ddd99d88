// Part of the till context ('@kits/plugin-sdk/till'): bundled into one module for the till (till/vite.config.ts).

/** Where a logged event stands: waiting to be sent, answered by the server, or dealt with after a denial. */
export type TillEventStatus = 'pending' | 'accepted' | 'duplicate' | 'denied' | 'resolved';

/** One entry of the till's event log, as a plugin reads it back. */
export interface TillLoggedEvent<Payload = unknown> {
  /** `{deviceId}#{sequence}#{uuid}`: the server applies each once. */
  readonly id: string;
  /** The device's own order: events are pushed and applied in it. */
  readonly sequence: number;
  readonly type: string;
  /** When it was appended, ISO 8601 UTC. */
  readonly occurredAt: string;
  readonly payload: Payload;
  readonly status: TillEventStatus;
  /** The server's answer once it gave one: for a denial `{ code, reason, detail }`. */
  readonly answer: unknown;
}

/** Which events to read: by type and status, since a time; oldest first unless `newestFirst`. */
export interface TillEventQuery {
  /** Event types (`sales.sale.completed`); all types when absent. */
  readonly types?: readonly string[];
  readonly status?: TillEventStatus | readonly TillEventStatus[];
  /** ISO 8601: only events appended at or after it. */
  readonly since?: string;
  /** Only events at or after this sequence number (a shift's opening, say). */
  readonly fromSequence?: number;
  /** Only events before this sequence number. */
  readonly beforeSequence?: number;
  readonly newestFirst?: boolean;
  /** At most this many; all when absent. */
  readonly limit?: number;
}

/**
 * The till's ordered event log (DESIGN §6): a plugin appends what happened on the till (a sale, a
 * shift opened) at once and offline; the till's sync engine pushes it in order and records the
 * server's answer. The plugin's server entry applies the event (`sync.handle(type, …)`).
 */
export interface TillEventLog {
  /** Appends a till event (kept on the device at once, pushed to the server in order). */
  append<Payload>(type: string, payload: Payload): Promise<{ readonly eventId: string; readonly occurredAt: string }>;
  /** The logged events the query matches, payloads opened. */
  find<Payload = unknown>(query: TillEventQuery): Promise<Array<TillLoggedEvent<Payload>>>;
  /** Calls `listener` with the matching events now and after each change (an answer came); returns an unsubscribe. */
  watch<Payload = unknown>(query: TillEventQuery, listener: (events: Array<TillLoggedEvent<Payload>>) => void): () => void;
  /** Marks a denied event dealt with (it leaves the resolution queue). */
  resolve(eventId: string): Promise<void>;
  /** Pushes what waits now, without waiting for the next round; resolves when done or offline. */
  send(): Promise<void>;
}
