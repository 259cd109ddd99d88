import { NonBlankText, Nullable, PositiveTillAmount, Timestamp, TillAmount, Type, Uuid, type RouteRegistrar } from '@kits/plugin-sdk';
import { saleDevice } from '../checkout/sale-place.ts';
import { requestSaleContext } from '../checkout/routes.ts';
import type { SalesSettings } from '../settings.ts';
import { closeShift, CountedCash, openShift, recordCashMovement, shiftReport } from './shift-ledger.ts';

const Amount = Type.Object({ total: Type.Integer() }, { additionalProperties: true });
const Report = Type.Object(
  {
    shiftId: Uuid,
    status: Type.String(),
    openedAt: Type.With(Timestamp, { description: "the till's clock" }),
    closedAt: Nullable(Timestamp),
    openedReceivedAt: Type.With(Timestamp, { description: 'when the server learned of it' }),
    closedReceivedAt: Nullable(Timestamp),
    salesPeriod: Type.Union([
      Type.Object({
        firstAt: Timestamp,
        lastAt: Timestamp,
        firstReceivedAt: Timestamp,
        lastReceivedAt: Timestamp,
      }),
      Type.Null(),
    ]),
    openingFloat: Type.Integer(),
    sales: Amount,
    refunds: Amount,
    byTender: Type.Array(Type.Object({ method: Type.String(), sales: Type.Integer(), refunds: Type.Integer(), net: Type.Integer() })),
    afterRefunds: Type.Object({ total: Type.Integer(), tax: Type.Integer() }, { description: 'sales less the refunds made in the shift' }),
    byTax: Type.Array(
      Type.Object(
        { name: Type.String(), basisPoints: Type.Integer(), net: Type.Integer(), amount: Type.Integer(), gross: Type.Integer() },
        { description: 'one tax rate, net of the refunds made in the shift: net taxed, tax (amount), gross' },
      ),
    ),
    byCategory: Type.Array(Type.Object({ categoryId: Type.Union([Uuid, Type.Null()]), total: Type.Integer() })),
    cash: Type.Object({
      float: Type.Integer(),
      sales: Type.Integer(),
      refunds: Type.Integer(),
      paidIn: Type.Integer(),
      paidOut: Type.Integer(),
      expected: Type.Integer(),
      counted: Type.Union([Type.Integer(), Type.Null()]),
      overShort: Type.Union([Type.Integer(), Type.Null()]),
    }),
  },
  { additionalProperties: true },
);

/** Shifts on a device: open with a float, cash in and out, X report, close with a count (Z report). */
export function registerShiftRoutes(routes: RouteRegistrar<SalesSettings>): void {
  routes.post('/shifts', {
    permission: 'core-sales:shift',
    schema: {
      summary: 'Open a shift on a device with its float',
      body: Type.Object({ openingFloat: TillAmount, deviceId: Type.Optional(Uuid) }, { additionalProperties: false }),
      response: { 201: Report },
    },
    async handler(request, reply) {
      const place = await saleDevice(requestSaleContext(request), request.body.deviceId);
      const shiftId = await openShift(request.tx, {
        deviceId: place.deviceId,
        locationId: place.locationId,
        openingFloat: request.body.openingFloat,
        openedBy: request.actor.id,
      });
      reply.status(201);
      return shiftReport(request.tx, shiftId);
    },
  });

  routes.post('/shifts/:shiftId/cash', {
    permission: 'core-sales:shift',
    schema: {
      summary: 'Cash in or out of the drawer, with a reason',
      params: Type.Object({ shiftId: Uuid }),
      body: Type.Object(
        {
          kind: Type.Union([Type.Literal('in'), Type.Literal('out')]),
          amount: PositiveTillAmount,
          reason: NonBlankText(200, { multiline: true }),
        },
        { additionalProperties: false },
      ),
      response: { 200: Report },
    },
    async handler(request) {
      await recordCashMovement(request.tx, request.params.shiftId, request.body);
      return shiftReport(request.tx, request.params.shiftId);
    },
  });

  routes.get('/shifts/:shiftId/report', {
    schema: {
      summary: 'X report (open shift) or Z report (closed)',
      description:
        'Needs `core-sales:shift` (the till’s cashier), or `core-sales:reports` at the shift’s location (a manager in the back office).',
      params: Type.Object({ shiftId: Uuid }),
      response: { 200: Report },
    },
    async handler(request) {
      if (!request.can('core-sales:shift')) {
        const [shift] = await request.tx.query<{ location_id: string }>('select location_id from sales.shifts where shift_id = $1', [
          request.params.shiftId,
        ]);
        request.require('core-sales:reports', shift?.location_id);
      }
      return shiftReport(request.tx, request.params.shiftId);
    },
  });

  routes.post('/shifts/:shiftId/close', {
    permission: 'core-sales:shift',
    schema: {
      summary: 'Close a shift with the cash counted per denomination; over/short is computed',
      params: Type.Object({ shiftId: Uuid }),
      body: Type.Object(
        {
          counted: CountedCash,
        },
        { additionalProperties: false },
      ),
      response: { 200: Report },
    },
    handler: (request) => closeShift(request.tx, request.params.shiftId, request.body.counted, request.actor.id),
  });
}
