import { Type } from 'typebox';

/**
 * An instant: ISO 8601 / RFC 3339 date and time with its offset (`2026-03-01T09:30:00.000Z`). The
 * API answers in UTC; a request may give any offset. What every `…At` field is, and what
 * `from` / `to` / `updatedSince` filters take.
 */
export const Timestamp = Type.String({ format: 'date-time' });

/** A calendar day without time or zone (an expiry, a delivery date): ISO 8601 `YYYY-MM-DD`. */
export const CalendarDate = Type.String({ format: 'date' });
