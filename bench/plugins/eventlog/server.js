import { definePlugin } from '@kits/plugin-sdk';

/** Records each delivered event in its handler's transaction: a delivery applied twice would leave two rows. */
export default definePlugin({
  register({ events }) {
    for (const pattern of ['sales.#', 'inventory.#']) {
      events.subscribe(pattern, async (event, { tx }) => {
        await tx.query('insert into eventlog.deliveries (tenant_id, event_id, type) values ($1, $2, $3)', [
          tx.tenantId,
          event.id,
          event.type,
        ]);
      });
    }
  },
});
