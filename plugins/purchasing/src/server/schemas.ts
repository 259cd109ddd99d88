import { CalendarDate, Type } from '@kits/plugin-sdk';

/** A day as purchasing's routes document it (an expected delivery, a lot's expiry); the shared ids, money and quantities come from the SDK. */
export const IsoDate = Type.With(CalendarDate, { description: 'YYYY-MM-DD' });
