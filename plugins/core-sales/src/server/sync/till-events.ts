import {
  badRequest,
  checkPayload,
  NonBlankText,
  PositiveTillAmount,
  TillAmount,
  Type,
  Uuid,
  type SyncEvent,
  type SyncHandlerContext,
} from '@kits/plugin-sdk';
import { completeSale } from '../checkout/complete-sale.ts';
import { releaseSalePayments } from '../payments/payment-calls.ts';
import { activePromotions } from '../checkout/price-sale.ts';
import type { SaleContext } from '../checkout/sale-context.ts';
import { OfflineSaleInput } from '../checkout/sale-input.ts';
import { raiseReceiptCounter } from '../checkout/sale-rows.ts';
import { RefundInput } from '../refunds/refund-input.ts';
import { tillRefundAllows } from '../refunds/refund-limit.ts';
import { refundSale } from '../refunds/refund-sale.ts';
import { salesSettings, type SalesSettings } from '../settings.ts';
import { closeShift, CountedCash, openShift, recordCashMovement } from '../shifts/shift-ledger.ts';

const ShiftOpened = Type.Object({ shiftId: Uuid, openingFloat: TillAmount }, { additionalProperties: false });
const CashMoved = Type.Object(
  {
    shiftId: Uuid,
    movementId: Uuid,
    kind: Type.Union([Type.Literal('in'), Type.Literal('out')]),
    amount: PositiveTillAmount,
    reason: NonBlankText(200, { multiline: true }),
  },
  { additionalProperties: false },
);
const ShiftClosed = Type.Object(
  {
    shiftId: Uuid,
    counted: CountedCash,
  },
  { additionalProperties: false },
);
const Refunded = Type.Object(
  {
    refund: RefundInput,
    /** The permissions the till checked the cashier held for this refund (over the refund limit: theirs, no manager asked). */
    cashierPermissions: Type.Optional(Type.Array(NonBlankText(100), { minItems: 1, maxItems: 10 })),
  },
  { additionalProperties: false },
);
const Voided = Type.Object(
  {
    saleId: Uuid,
    receiptNumber: Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 }),
    reason: NonBlankText(500, { multiline: true }),
  },
  { additionalProperties: false },
);

/**
 * Till events of the `sales.*` family, pushed through the kernel's sync gateway in device order.
 * What the till did offline already happened: permissions were checked on the till (against the
 * cashier's cached grants), so they are not checked again — except that a refund over the shop's
 * refund limit must say who allowed it; stock follows the tenant's `offlineOversell` policy.
 */
export async function handleSalesEvent(event: SyncEvent, context: SyncHandlerContext<SalesSettings>): Promise<unknown> {
  const { tx, actor } = context;
  const sale: SaleContext = { tx, services: context.services, settings: salesSettings(context.settings), actor, can: () => true };
  const locationId = actor.locationId;
  if (!locationId) throw badRequest('sales.device_location_unknown', 'The pushing device has no location; register it at a location.');
  const malformed = (what: string) => ['sales.malformed_event', `The ${what} event`] as const;
  switch (event.type) {
    case 'sales.shift.opened': {
      const payload = checkPayload(ShiftOpened, event.payload, ...malformed('shift opened'));
      await openShift(tx, { ...payload, deviceId: event.deviceId, locationId, openedBy: actor.id, openedAt: event.occurredAt });
      return { shiftId: payload.shiftId };
    }
    case 'sales.shift.cash': {
      const payload = checkPayload(CashMoved, event.payload, ...malformed('cash'));
      await recordCashMovement(tx, payload.shiftId, {
        id: payload.movementId,
        kind: payload.kind,
        amount: payload.amount,
        reason: payload.reason,
      });
      return { movementId: payload.movementId };
    }
    case 'sales.shift.closed': {
      const payload = checkPayload(ShiftClosed, event.payload, ...malformed('shift closed'));
      const report = await closeShift(tx, payload.shiftId, payload.counted, actor.id, event.occurredAt);
      return { shiftId: payload.shiftId, overShort: report.cash.overShort };
    }
    case 'sales.sale.completed': {
      const payload = checkPayload(OfflineSaleInput, event.payload, ...malformed('sale'));
      if (!payload.sale.id) throw badRequest('sales.sale_id_required', 'A sale made on a till carries the id the till gave it.');
      const completed = await completeSale(sale, payload.sale, {
        kind: 'offline',
        deviceId: event.deviceId,
        locationId,
        receiptNumber: payload.receiptNumber,
        cashierId: payload.cashierId,
        occurredAt: event.occurredAt,
      });
      // A manager approved on the till what the cashier could not do alone: audited with both.
      if (!completed.replayed)
        for (const approval of payload.approvals ?? [])
          await tx.audit('sales.sale.approved', {
            saleId: completed.sale.id,
            receiptNumber: payload.receiptNumber,
            permission: approval.permission,
            action: approval.action,
            cashierId: payload.cashierId,
            approverId: approval.approverId,
            approvalId: approval.approvalId ?? null,
            approvedOn: approval.approvalId ? 'kernel' : 'till',
          });
      return {
        saleId: completed.sale.id,
        receiptNumber: completed.sale.receiptNumber,
        total: completed.sale.total,
        ...(completed.sale.clientTotal !== null
          ? { totalMismatch: { till: completed.sale.clientTotal, server: completed.sale.total } }
          : {}),
        ...(completed.stockShort.length > 0 ? { stockShort: completed.stockShort } : {}),
      };
    }
    case 'sales.sale.refunded': {
      const payload = checkPayload(Refunded, event.payload, ...malformed('refund'));
      if (!payload.refund.id) throw badRequest('sales.refund_id_required', 'A refund made on a till carries the id the till gave it.');
      // Over the refund limit, the event says who allowed it (a manager's approval, or the cashier's own
      // permission as the till checked it); one that says nothing is denied (nothing is kept).
      const refund = await refundSale(
        { ...sale, can: tillRefundAllows(payload.refund.approvals, payload.cashierPermissions) },
        { ...payload.refund, deviceId: event.deviceId },
        { offline: true, occurredAt: event.occurredAt },
      );
      return { refundId: refund.id, total: refund.total };
    }
    case 'sales.sale.voided': {
      // A sale the till voided (from its resolution queue) keeps its receipt number: no gaps.
      const payload = checkPayload(Voided, event.payload, ...malformed('void'));
      const [voided] = await tx.query<{ received_at: Date }>(
        `with counter as (${raiseReceiptCounter('$1', '$3', '$5')})
         insert into sales.sales (tenant_id, sale_id, status, origin, device_id, location_id, receipt_number, cashier_id, currency,
                                  subtotal, discount_total, tax_total, total, occurred_at)
         values ($1, $2, 'voided', 'offline', $3, $4, $5, $6, $7, 0, 0, 0, 0, $8)
         on conflict (tenant_id, sale_id) do nothing
         returning received_at`,
        [
          tx.tenantId,
          payload.saleId,
          event.deviceId,
          locationId,
          payload.receiptNumber,
          actor.id,
          sale.settings.currency,
          event.occurredAt,
        ],
      );
      // Announced only when it voided something (a sale id the server knew already is left as it was).
      if (voided)
        await tx.publish({
          type: 'sales.sale.voided',
          payload: {
            saleId: payload.saleId,
            receiptNumber: payload.receiptNumber,
            locationId,
            deviceId: event.deviceId,
            cashierId: actor.id,
            occurredAt: event.occurredAt,
            receivedAt: new Date(voided.received_at).toISOString(),
            reason: payload.reason,
            channel: 'till',
            source: null,
          },
        });
      await tx.audit('sales.sale.voided', { saleId: payload.saleId, receiptNumber: payload.receiptNumber, reason: payload.reason });
      // A voided sale takes no card payment: holds its till authorized are released now, not after the grace period.
      await releaseSalePayments({ tx, services: context.services }, payload.saleId, 'cashier');
      return { saleId: payload.saleId, receiptNumber: payload.receiptNumber };
    }
    default:
      throw badRequest('sales.unknown_event', `core-sales does not know till events of type ${event.type}.`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Before a push applies: the variants every sale in it sells, and the active promotions, in one
 * query each (remembered for the transaction) instead of one per sale.
 */
export async function prepareSalesEvents(events: readonly SyncEvent[], context: SyncHandlerContext<SalesSettings>): Promise<void> {
  const locationId = context.actor.locationId;
  if (!locationId) return;
  const settings = salesSettings(context.settings);
  const variantIds = new Set<string>();
  for (const event of events) {
    if (event.type !== 'sales.sale.completed') continue;
    const lines = (event.payload as { sale?: { lines?: Array<{ variantId?: unknown }> } } | null)?.sale?.lines;
    for (const line of Array.isArray(lines) ? lines : []) {
      if (typeof line?.variantId === 'string' && UUID.test(line.variantId)) variantIds.add(line.variantId);
    }
  }
  if (variantIds.size === 0) return;
  const inventory = context.services.use('inventory@1');
  // The batch's stock rows, all at once in the ledger's order: sales applied one by one would take
  // them in the till's order and deadlock with checkouts taking them sorted (the scale-out bench saw it).
  await inventory.holdLevels([...variantIds].sort(), locationId);
  await inventory.sellable([...variantIds], { currency: settings.currency, locationId });
  const sale: SaleContext = { tx: context.tx, services: context.services, settings, actor: context.actor, can: () => true };
  await activePromotions(sale);
}
