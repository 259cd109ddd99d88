import { definePlugin } from '@kits/plugin-sdk';
import { recordDeliveries } from './deliveries/record-deliveries.ts';
import { registerDeliveryRoutes } from './deliveries/routes.ts';
import { registerEndpointRoutes } from './endpoints/routes.ts';
import { sendingOptions } from './operator-options.ts';
import { WebhookHttp } from './sending/http-send.ts';
import { sender } from './sending/sender.ts';
import { SenderWakeup } from './sending/sender-wakeup.ts';

/**
 * webhooks: endpoints per tenant, one delivery per matching event recorded from the kernel's outbox
 * (a subscription to every event of the tenant), sent by a background worker, signed to the
 * Standard Webhooks specification, retried, logged and replayable.
 */
export default definePlugin({
  register({ routes, events, workers, operator }) {
    const options = sendingOptions(operator);
    const http = new WebhookHttp(options);
    // Wakes this kernel's sender for a tenant once its new deliveries have committed.
    const wakeup = new SenderWakeup();
    registerEndpointRoutes(routes, { options, resolve: http.resolve, wakeup });
    registerDeliveryRoutes(routes, wakeup);
    events.subscribeBatch(['#'], async (batch, { tx }) => {
      if ((await recordDeliveries(tx, batch)) > 0) tx.afterCommit(() => wakeup.wake(tx.tenantId));
    });
    workers.run('sender', async (context) => {
      try {
        await sender(http, options, wakeup)(context);
      } finally {
        if (context.signal.aborted) http.close();
      }
    });
  },
});
