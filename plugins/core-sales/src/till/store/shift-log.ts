import { uuidv7 } from '@kits/plugin-sdk/till';
import type { SalesTill } from '../sales-till.ts';

/** The till's open shift, kept on the device (shifts open and close offline too). */
const OPEN_SHIFT = 'open-shift';

/** Cash counted at close: how many of each note and coin (minor units). */
export type CountedCash = ReadonlyArray<{ readonly denomination: number; readonly count: number }>;

export class ShiftRefused extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ShiftRefused';
    this.code = code;
  }
}

/** The id of the shift open on this till, if one is. */
export async function openShiftId(till: Pick<SalesTill, 'device'>): Promise<string | undefined> {
  return (await till.device.get<string | null>(OPEN_SHIFT)) ?? undefined;
}

/** Opens a shift with the cash put in the drawer (`sales.shift.opened`); refused while one is open. */
export async function openShift(till: Pick<SalesTill, 'device' | 'events'>, openingFloat: number): Promise<string> {
  if (!Number.isInteger(openingFloat) || openingFloat < 0) {
    throw new ShiftRefused('shift.bad_float', 'The float is the cash in the drawer: zero or more.');
  }
  if (await openShiftId(till)) throw new ShiftRefused('shift.already_open', 'A shift is open on this till: close it first.');
  const shiftId = uuidv7();
  await till.events.append('sales.shift.opened', { shiftId, openingFloat });
  await till.device.set(OPEN_SHIFT, shiftId);
  return shiftId;
}

/** Cash put in or taken out of the drawer, with a reason (`sales.shift.cash`). */
export async function moveCash(
  till: Pick<SalesTill, 'device' | 'events'>,
  movement: { readonly kind: 'in' | 'out'; readonly amount: number; readonly reason: string },
): Promise<void> {
  const shiftId = await openShiftId(till);
  if (!shiftId) throw new ShiftRefused('shift.none_open', 'No shift is open on this till: open one first.');
  if (!Number.isInteger(movement.amount) || movement.amount <= 0) {
    throw new ShiftRefused('shift.bad_amount', 'Cash in or out is an amount above zero.');
  }
  const reason = movement.reason.trim();
  if (!reason) throw new ShiftRefused('shift.reason_required', 'Say why the cash goes in or out (a supplier paid, change brought in…).');
  await till.events.append('sales.shift.cash', {
    shiftId,
    movementId: uuidv7(),
    kind: movement.kind,
    amount: movement.amount,
    reason,
  });
}

/** Closes the open shift with the cash counted per denomination (`sales.shift.closed`); the server computes over/short. */
export async function closeShift(till: Pick<SalesTill, 'device' | 'events'>, counted: CountedCash): Promise<string> {
  const shiftId = await openShiftId(till);
  if (!shiftId) throw new ShiftRefused('shift.none_open', 'No shift is open on this till.');
  const lines = counted.filter((line) => line.count > 0);
  if (lines.some((line) => !Number.isInteger(line.count) || line.count < 0)) {
    throw new ShiftRefused('shift.bad_count', 'Count each note and coin as a whole number.');
  }
  await till.events.append('sales.shift.closed', { shiftId, counted: lines });
  await till.device.set(OPEN_SHIFT, undefined);
  return shiftId;
}
