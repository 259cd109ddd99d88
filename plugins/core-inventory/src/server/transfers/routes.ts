import {
  badRequest,
  conflict,
  NonBlankText,
  notFound,
  Quantity,
  QuantityOrZero,
  Timestamp,
  Type,
  Uuid,
  type RouteRegistrar,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { requireLocations } from '../catalog/product-store.ts';
import type { InventorySettings } from '../settings.ts';
import { createStockMovements } from '../stock/stock-movements.ts';
import { registerTransferListRoute } from './transfer-list.ts';

const LotCode = NonBlankText(64);
const Serials = Type.Array(NonBlankText(100), { minItems: 1, maxItems: 1000 });
/** A lot-tracked line may name its lot (else lots go first-expiry-first-out); a serial-tracked one names its serials. */
const Lines = Type.Array(
  Type.Object(
    {
      variantId: Uuid,
      quantity: Quantity,
      lot: Type.Optional(Type.Object({ code: LotCode }, { additionalProperties: false })),
      serials: Type.Optional(Serials),
    },
    { additionalProperties: false },
  ),
  { minItems: 1, maxItems: 1000 },
);
const Portion = Type.Object({
  variantId: Uuid,
  lotCode: Type.Union([Type.String(), Type.Null()]),
  expiresOn: Type.Union([Type.String(), Type.Null()]),
  serials: Type.Union([Type.Array(Type.String()), Type.Null()]),
  sent: Type.Integer(),
  received: Type.Integer(),
});
const Transfer = Type.Object({
  id: Uuid,
  fromLocationId: Uuid,
  toLocationId: Uuid,
  status: Type.String(),
  createdAt: Timestamp,
  shippedAt: Type.Union([Timestamp, Type.Null()]),
  receivedAt: Type.Union([Timestamp, Type.Null()]),
  lines: Type.Array(
    Type.Object({
      variantId: Uuid,
      sku: Type.String(),
      productName: Type.String(),
      sent: Type.Integer(),
      received: Type.Integer(),
      inTransit: Type.Integer(),
      /** Closed transfers: what was sent and never arrived (recorded as a discrepancy at the destination). */
      short: Type.Integer(),
    }),
  ),
  /** What left the origin per lot or serial set (after shipping), and what of it arrived. */
  portions: Type.Array(Portion),
});

interface PortionRow {
  variant_id: string;
  portion: number;
  lot_code: string | null;
  expires_on: string | null;
  serials: string[] | null;
  quantity_sent: string;
  quantity_received: string;
  serials_received: string[];
}

const readPortions = (tx: TenantTransaction, transferId: string) =>
  tx.query<PortionRow>(
    `select variant_id, portion, lot_code, to_char(expires_on, 'YYYY-MM-DD') as expires_on, serials, quantity_sent, quantity_received, serials_received
       from inventory.transfer_portions where transfer_id = $1 order by variant_id, expires_on nulls last, portion`,
    [transferId],
  );

async function readTransfer(tx: TenantTransaction, transferId: string, lock = false) {
  const [transfer] = await tx.query<{
    transfer_id: string;
    from_location_id: string;
    to_location_id: string;
    status: string;
    created_at: Date;
    shipped_at: Date | null;
    received_at: Date | null;
  }>(
    `select transfer_id, from_location_id, to_location_id, status, created_at, shipped_at, received_at
       from inventory.transfers where transfer_id = $1${lock ? ' for update' : ''}`,
    [transferId],
  );
  if (!transfer) throw notFound('inventory.unknown_transfer', `There is no transfer ${transferId}.`);
  const lines = await tx.query<{ variant_id: string; sku: string; product_name: string; quantity_sent: string; quantity_received: string }>(
    `select l.variant_id, v.sku, p.name as product_name, l.quantity_sent, l.quantity_received
       from inventory.transfer_lines l
       join inventory.variants v on v.tenant_id = l.tenant_id and v.variant_id = l.variant_id
       join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id
      where l.transfer_id = $1 order by l.variant_id`,
    [transferId],
  );
  const portions = await readPortions(tx, transferId);
  return {
    id: transfer.transfer_id,
    fromLocationId: transfer.from_location_id,
    toLocationId: transfer.to_location_id,
    status: transfer.status,
    createdAt: new Date(transfer.created_at).toISOString(),
    shippedAt: transfer.shipped_at && new Date(transfer.shipped_at).toISOString(),
    receivedAt: transfer.received_at && new Date(transfer.received_at).toISOString(),
    lines: lines.map((l) => {
      const sent = Number(l.quantity_sent);
      const received = Number(l.quantity_received);
      return {
        variantId: l.variant_id,
        sku: l.sku,
        productName: l.product_name,
        sent,
        received,
        inTransit: transfer.status === 'shipped' ? sent - received : 0,
        short: transfer.status === 'received' ? sent - received : 0,
      };
    }),
    portions: portions.map((p) => ({
      variantId: p.variant_id,
      lotCode: p.lot_code,
      expiresOn: p.expires_on,
      serials: p.serials,
      sent: Number(p.quantity_sent),
      received: Number(p.quantity_received),
    })),
  };
}

/** Transfers: draft → shipped (stock leaves the origin, in transit) → received at the destination, partially if needed. */
export function registerTransferRoutes(routes: RouteRegistrar<InventorySettings>): void {
  registerTransferListRoute(routes);
  routes.post('/transfers', {
    permission: 'core-inventory:stock.adjust',
    schema: {
      summary: 'Draft a transfer of stock between two locations',
      body: Type.Object({ fromLocationId: Uuid, toLocationId: Uuid, lines: Lines }, { additionalProperties: false }),
      response: { 201: Transfer },
    },
    async handler(request, reply) {
      const { fromLocationId, toLocationId, lines } = request.body;
      if (fromLocationId === toLocationId) throw badRequest('inventory.same_location', 'A transfer goes between two different locations.');
      if (new Set(lines.map((l) => l.variantId)).size !== lines.length)
        throw badRequest('inventory.duplicate_line', 'Each variant may appear once in a transfer; add the quantities up.');
      await requireLocations(request.tx, [fromLocationId, toLocationId]);
      await createStockMovements(request.tx, { lowStockEvents: false }).requireVariants(
        lines.map((l) => ({ ...l, locationId: fromLocationId })),
      );
      const id = uuidv7();
      await request.tx.query(
        'insert into inventory.transfers (tenant_id, transfer_id, from_location_id, to_location_id) values ($1, $2, $3, $4)',
        [request.tenantId, id, fromLocationId, toLocationId],
      );
      for (const line of lines) {
        await request.tx.query(
          'insert into inventory.transfer_lines (tenant_id, transfer_id, variant_id, quantity_sent, lot_code, serials) values ($1, $2, $3, $4, $5, $6)',
          [request.tenantId, id, line.variantId, line.quantity, line.lot?.code ?? null, line.serials ?? null],
        );
      }
      await request.tx.audit('inventory.transfer.drafted', { transferId: id, fromLocationId, toLocationId });
      reply.status(201);
      return readTransfer(request.tx, id);
    },
  });

  routes.get('/transfers/:transferId', {
    schema: {
      summary: 'A transfer with what is sent, received and in transit',
      params: Type.Object({ transferId: Uuid }),
      response: { 200: Transfer },
    },
    handler: async (request) => readTransfer(request.tx, request.params.transferId),
  });

  routes.post('/transfers/:transferId/ship', {
    permission: 'core-inventory:stock.adjust',
    schema: {
      summary: 'Ship a draft transfer: its stock leaves the origin',
      params: Type.Object({ transferId: Uuid }),
      response: { 200: Transfer },
    },
    async handler(request) {
      const transfer = await readTransfer(request.tx, request.params.transferId, true);
      if (transfer.status !== 'draft')
        throw conflict('inventory.transfer_not_draft', `This transfer is ${transfer.status}; only a draft can be shipped.`);
      const movements = createStockMovements(request.tx, { lowStockEvents: request.settings.lowStockEvents !== false });
      const short = [];
      const chosen = await request.tx.query<{ variant_id: string; lot_code: string | null; serials: string[] | null }>(
        'select variant_id, lot_code, serials from inventory.transfer_lines where transfer_id = $1',
        [transfer.id],
      );
      for (const line of transfer.lines) {
        const choice = chosen.find((c) => c.variant_id === line.variantId);
        const stockLine = {
          variantId: line.variantId,
          locationId: transfer.fromLocationId,
          quantity: line.sent,
          ...(choice?.lot_code ? { lot: { code: choice.lot_code } } : {}),
          ...(choice?.serials ? { serials: choice.serials } : {}),
        };
        const taken = await movements.take(stockLine, 'transfer_out', null, { kind: 'transfer', id: transfer.id });
        if (!taken) {
          short.push({ ...stockLine, available: await movements.available(stockLine) });
          continue;
        }
        // Each movement is one lot (first expiry first) or one set of serials: it travels as a portion.
        for (const [portion, movement] of taken.entries()) {
          await request.tx.query(
            `insert into inventory.transfer_portions (tenant_id, transfer_id, variant_id, portion, lot_code, expires_on, serials, quantity_sent)
             values ($1, $2, $3, $4, $5, (select expires_on from inventory.lots where location_id = $6 and variant_id = $3 and lot_code = $5), $7, $8)`,
            [
              request.tenantId,
              transfer.id,
              line.variantId,
              portion,
              movement.lotCode ?? null,
              transfer.fromLocationId,
              movement.serials,
              -movement.quantity,
            ],
          );
        }
      }
      if (short.length > 0) throw movements.insufficient(short);
      await request.tx.query("update inventory.transfers set status = 'shipped', shipped_at = now() where transfer_id = $1", [transfer.id]);
      await request.tx.audit('inventory.transfer.shipped', { transferId: transfer.id });
      return readTransfer(request.tx, transfer.id);
    },
  });

  routes.post('/transfers/:transferId/receive', {
    permission: 'core-inventory:stock.receive',
    schema: {
      summary: 'Receive (part of) a shipped transfer; `final` closes it and records what never arrived',
      params: Type.Object({ transferId: Uuid }),
      body: Type.Object(
        {
          lines: Type.Array(
            Type.Object(
              {
                variantId: Uuid,
                quantity: QuantityOrZero,
                lot: Type.Optional(Type.Object({ code: LotCode }, { additionalProperties: false })),
                serials: Type.Optional(Serials),
              },
              { additionalProperties: false },
            ),
            { maxItems: 1000 },
          ),
          final: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      response: { 200: Transfer },
    },
    async handler(request) {
      const transfer = await readTransfer(request.tx, request.params.transferId, true);
      if (transfer.status !== 'shipped')
        throw conflict('inventory.transfer_not_shipped', `This transfer is ${transfer.status}; only a shipped transfer can be received.`);
      const movements = createStockMovements(request.tx, { lowStockEvents: request.settings.lowStockEvents !== false });
      for (const line of request.body.lines) {
        const sent = transfer.lines.find((l) => l.variantId === line.variantId);
        if (!sent) throw badRequest('inventory.not_on_transfer', `Variant ${line.variantId} is not on this transfer.`);
        if (line.quantity > sent.inTransit) {
          throw badRequest(
            'inventory.over_receipt',
            `Only ${sent.inTransit} of variant ${line.variantId} are still in transit; ${line.quantity} cannot be received.`,
          );
        }
        if (line.quantity === 0) continue;
        for (const arrival of arrivals(await readPortions(request.tx, transfer.id), line)) {
          await movements.add(
            {
              variantId: line.variantId,
              locationId: transfer.toLocationId,
              quantity: arrival.quantity,
              ...(arrival.lotCode
                ? { lot: { code: arrival.lotCode, ...(arrival.expiresOn ? { expiresOn: arrival.expiresOn } : {}) } }
                : {}),
              ...(arrival.serials ? { serials: arrival.serials } : {}),
            },
            'transfer_in',
            null,
            { kind: 'transfer', id: transfer.id },
          );
          if (arrival.portion === undefined) continue;
          await request.tx.query(
            `update inventory.transfer_portions set quantity_received = quantity_received + $4, serials_received = serials_received || $5::text[]
              where transfer_id = $1 and variant_id = $2 and portion = $3`,
            [transfer.id, line.variantId, arrival.portion, arrival.quantity, arrival.serials ?? []],
          );
        }
        await request.tx.query(
          'update inventory.transfer_lines set quantity_received = quantity_received + $3 where transfer_id = $1 and variant_id = $2',
          [transfer.id, line.variantId, line.quantity],
        );
      }
      if (request.body.final) {
        const after = await readTransfer(request.tx, transfer.id);
        for (const line of after.lines.filter((l) => l.inTransit > 0)) {
          await request.tx.query(
            `insert into inventory.discrepancies (tenant_id, discrepancy_id, location_id, variant_id, quantity_short, reference_kind, reference_id) values ($1, $2, $3, $4, $5, 'transfer', $6)`,
            [request.tenantId, uuidv7(), transfer.toLocationId, line.variantId, line.inTransit, transfer.id],
          );
        }
        // Serial numbers that never arrived are missing, not in transit for ever.
        await request.tx.query(
          `update inventory.serials s set status = 'missing' from inventory.transfer_portions p
            where p.transfer_id = $1 and s.variant_id = p.variant_id and s.serial = any(p.serials)
              and not s.serial = any(p.serials_received) and s.status = 'in_transit'`,
          [transfer.id],
        );
        await request.tx.query("update inventory.transfers set status = 'received', received_at = now() where transfer_id = $1", [
          transfer.id,
        ]);
      }
      await request.tx.audit('inventory.transfer.received', {
        transferId: transfer.id,
        lines: request.body.lines,
        final: request.body.final ?? false,
      });
      return readTransfer(request.tx, transfer.id);
    },
  });
}

interface Arrival {
  /** The shipped portion it comes out of; undefined for transfers shipped before portions were kept. */
  portion: number | undefined;
  quantity: number;
  lotCode: string | null;
  expiresOn: string | null;
  serials: string[] | undefined;
}

/**
 * Splits what arrived of one variant over the portions shipped: the serials given pick their
 * portions, a lot given picks that lot, otherwise the first to expire arrives first.
 */
function arrivals(
  portions: readonly PortionRow[],
  line: { variantId: string; quantity: number; lot?: { code: string }; serials?: string[] },
): Arrival[] {
  const open = portions.filter(
    (p) =>
      p.variant_id === line.variantId &&
      Number(p.quantity_received) < Number(p.quantity_sent) &&
      (!line.lot || p.lot_code === line.lot.code),
  );
  if (portions.every((p) => p.variant_id !== line.variantId)) {
    return [{ portion: undefined, quantity: line.quantity, lotCode: null, expiresOn: null, serials: line.serials }];
  }
  if (line.serials) {
    if (line.serials.length !== line.quantity)
      throw badRequest('inventory.serials_mismatch', `Give exactly ${line.quantity} serial number(s) for variant ${line.variantId}.`);
    const byPortion = new Map<PortionRow, string[]>();
    for (const serial of line.serials) {
      const portion = open.find((p) => p.serials?.includes(serial) && !p.serials_received.includes(serial));
      if (!portion)
        throw badRequest('inventory.serial_not_on_transfer', `Serial number ${serial} is not in transit on this transfer.`, { serial });
      byPortion.set(portion, [...(byPortion.get(portion) ?? []), serial]);
    }
    return [...byPortion].map(([p, serials]) => ({
      portion: p.portion,
      quantity: serials.length,
      lotCode: p.lot_code,
      expiresOn: p.expires_on,
      serials,
    }));
  }
  const result: Arrival[] = [];
  let remaining = line.quantity;
  for (const p of open) {
    if (remaining === 0) break;
    const take = Math.min(remaining, Number(p.quantity_sent) - Number(p.quantity_received));
    result.push({ portion: p.portion, quantity: take, lotCode: p.lot_code, expiresOn: p.expires_on, serials: undefined });
    remaining -= take;
  }
  if (remaining > 0)
    throw badRequest(
      'inventory.over_receipt',
      `Only ${line.quantity - remaining} of variant ${line.variantId}${line.lot ? ` in lot ${line.lot.code}` : ''} are still in transit.`,
    );
  return result;
}
