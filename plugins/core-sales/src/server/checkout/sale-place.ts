import { badRequest, conflict, notFound, type TenantTransaction } from '@kits/plugin-sdk';
import type { SaleContext, SalePlace } from './sale-context.ts';

/** The device a sale is rung up on: the signed-in till's, or one named by an API client. */
export async function saleDevice(context: SaleContext, deviceId: string | undefined): Promise<{ deviceId: string; locationId: string }> {
  const { actor, tx } = context;
  if (actor.deviceId && actor.locationId) {
    if (deviceId && deviceId !== actor.deviceId)
      throw badRequest('sales.wrong_device', 'A till sells on its own device; leave deviceId out or give this device.');
    return { deviceId: actor.deviceId, locationId: actor.locationId };
  }
  if (!deviceId) throw badRequest('sales.device_required', 'Say which registered device (till) this sale is rung up on: deviceId.');
  const device = await tx.directory.device(deviceId);
  if (!device) throw notFound('sales.unknown_device', `There is no device ${deviceId}; register it under /api/v1/tenants/current/devices.`);
  if (device.revoked) throw conflict('sales.device_revoked', `Device ${deviceId} was revoked; use another till.`);
  return { deviceId, locationId: device.locationId };
}

export async function openShiftOf(tx: TenantTransaction, deviceId: string): Promise<string | undefined> {
  const [shift] = await tx.query<{ shift_id: string }>("select shift_id from sales.shifts where device_id = $1 and status = 'open'", [
    deviceId,
  ]);
  return shift?.shift_id;
}

/**
 * Device, location and shift of a sale made now (online): the device needs an open shift, and a
 * shift named must be that device's and still open. `known`: the device, when the caller has it.
 */
export async function onlineSalePlace(
  context: SaleContext,
  input: { deviceId?: string; shiftId?: string },
  known?: { deviceId: string; locationId: string },
): Promise<SalePlace> {
  const device = known ?? (await saleDevice(context, input.deviceId));
  if (input.shiftId) {
    const [shift] = await context.tx.query<{ device_id: string; status: string }>(
      'select device_id, status from sales.shifts where shift_id = $1',
      [input.shiftId],
    );
    if (!shift || shift.device_id !== device.deviceId)
      throw notFound('sales.unknown_shift', `Device ${device.deviceId} has no shift ${input.shiftId}.`);
    if (shift.status !== 'open') throw conflict('sales.shift_closed', `Shift ${input.shiftId} is closed; open a new shift to sell.`);
    return { ...device, shiftId: input.shiftId };
  }
  const shiftId = await openShiftOf(context.tx, device.deviceId);
  if (!shiftId) throw conflict('sales.no_open_shift', `Device ${device.deviceId} has no open shift; open one (with its float) first.`);
  return { ...device, shiftId };
}
