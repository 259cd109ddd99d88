import { badRequest, conflict, notFound, Type, type RouteRegistrar, type TenantTransaction } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { requireLocations } from '../catalogue/product-store.ts';
import type { InventorySettings } from '../settings.ts';
import { createStockMovements } from '../stock/stock-ledger.ts';

const Uuid = Type.String({ format: 'uuid' });
const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000_000 });
const Lines = Type.Array(Type.Object({ variantId: Uuid, quantity: Quantity }, { additionalProperties: false }), {
  minItems: 1,
  maxItems: 1000,
});
const Transfer = Type.Object({
  id: Uuid,
  fromLocationId: Uuid,
  toLocationId: Uuid,
  status: Type.String(),
  lines: Type.Array(Type.Object({ variantId: Uuid, sent: Type.Integer(), received: Type.Integer(), inTransit: Type.Integer() })),
});

async function readTransfer(tx: TenantTransaction, transferId: string, lock = false) {
  const [transfer] = await tx.query<{ transfer_id: string; from_location_id: string; to_location_id: string; status: string }>(
    `select transfer_id, from_location_id, to_location_id, status from inventory.transfers where transfer_id = $1${lock ? ' for update' : ''}`,
    [transferId],
  );
  if (!transfer) throw notFound('inventory.unknown_transfer', `There is no transfer ${transferId}.`);
  const lines = await tx.query<{ variant_id: string; quantity_sent: string; quantity_received: string }>(
    'select variant_id, quantity_sent, quantity_received from inventory.transfer_lines where transfer_id = $1 order by variant_id',
    [transferId],
  );
  return {
    id: transfer.transfer_id,
    fromLocationId: transfer.from_location_id,
    toLocationId: transfer.to_location_id,
    status: transfer.status,
    lines: lines.map((l) => {
      const sent = Number(l.quantity_sent);
      const received = Number(l.quantity_received);
      return { variantId: l.variant_id, sent, received, inTransit: transfer.status === 'shipped' ? sent - received : 0 };
    }),
  };
}

/** Transfers: draft → shipped (stock leaves the origin, in transit) → received at the destination, partially if needed. */
export function registerTransferRoutes(routes: RouteRegistrar<InventorySettings>): void {
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
          'insert into inventory.transfer_lines (tenant_id, transfer_id, variant_id, quantity_sent) values ($1, $2, $3, $4)',
          [request.tenantId, id, line.variantId, line.quantity],
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
      for (const line of transfer.lines) {
        const stockLine = { variantId: line.variantId, locationId: transfer.fromLocationId, quantity: line.sent };
        const taken = await movements.take(stockLine, 'transfer_out', null, { kind: 'transfer', id: transfer.id });
        if (!taken) short.push({ ...stockLine, available: await movements.available(stockLine) });
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
              { variantId: Uuid, quantity: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }) },
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
        await movements.add(
          { variantId: line.variantId, locationId: transfer.toLocationId, quantity: line.quantity },
          'transfer_in',
          null,
          { kind: 'transfer', id: transfer.id },
        );
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
