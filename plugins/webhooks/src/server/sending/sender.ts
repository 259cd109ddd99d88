import type { WorkerContext } from '@kits/plugin-sdk';
import { claimDue, recordOutcomes, type ClaimedDelivery, type SentDelivery } from '../deliveries/delivery-store.ts';
import type { SendingOptions } from '../operator-options.ts';
import type { WebhookHttp } from './http-send.ts';
import type { SenderWakeup } from './sender-wakeup.ts';
import { signedHeaders } from './signature.ts';

/** The most deliveries one kernel process has in flight at once, over all endpoints. */
const MAX_IN_FLIGHT = 512;
/**
 * How often the sender looks at a tenant it was not woken for: for retries coming due, and for
 * deliveries another kernel process recorded but could not send (its leases ran out). A new
 * delivery recorded in this process wakes the sender for its tenant at once.
 */
const IDLE_LOOK_MS = 2_000;
/** How often the list of tenants is read again. */
const TENANTS_MS = 2_000;
/** Finished attempts wait this long for others to be recorded with them, in one transaction. */
const RECORD_AFTER_MS = 5;

/**
 * The background sender (`workers.run`): leases due deliveries in a short transaction, posts them
 * outside any transaction — each endpoint with its own bound on deliveries in flight, so a slow or
 * dead endpoint holds only its own slots — and records the outcomes, a batch per tenant at a time,
 * in other short transactions. An endpoint's slot is freed once its outcome is recorded.
 */
export function sender(http: WebhookHttp, options: SendingOptions, wakeup: SenderWakeup) {
  // A retry is never due sooner than the first retry's wait after a failure.
  const idleLookMs = Math.min(IDLE_LOOK_MS, options.retryBaseMs);
  return async (context: WorkerContext): Promise<void> => {
    const { signal, log } = context;
    /** When each tenant is looked at next unless woken (ms since the epoch). */
    const nextLook = new Map<string, number>();
    const inFlight = new Map<string, Map<string, number>>(); // tenant → endpoint → deliveries in flight here
    let total = 0;
    let tenants: string[] = [];
    let tenantsAt = 0;
    const pending = new Set<Promise<void>>();
    const finished = new Map<string, SentDelivery[]>(); // tenant → attempts to record
    const recording = new Map<string, Promise<void>>();

    const release = (delivery: ClaimedDelivery) => {
      const busy = inFlight.get(delivery.tenantId)!;
      const left = (busy.get(delivery.endpointId) ?? 1) - 1;
      if (left > 0) busy.set(delivery.endpointId, left);
      else busy.delete(delivery.endpointId);
      total--;
    };

    /** Records what finished for a tenant, one transaction at a time per tenant; more may pile up meanwhile. */
    const record = (tenantId: string): Promise<void> => {
      const running = recording.get(tenantId);
      if (running) return running;
      const run = (async () => {
        await new Promise((resolve) => setTimeout(resolve, RECORD_AFTER_MS));
        while ((finished.get(tenantId)?.length ?? 0) > 0) {
          const batch = finished.get(tenantId)!.splice(0);
          try {
            await context.inTenant(tenantId, ({ tx }) => recordOutcomes(tx, batch, options.retryBaseMs));
          } catch (error) {
            log.error(
              { err: error, tenantId, deliveries: batch.length },
              'webhooks: recording deliveries failed; their leases will run out and they are sent again',
            );
          } finally {
            for (const sent of batch) release(sent.delivery);
            // Freed slots: the endpoints may have more waiting.
            wakeup.wake(tenantId);
          }
        }
      })().finally(() => {
        recording.delete(tenantId);
        // Attempts that finished while this run was ending are recorded by the next one.
        if ((finished.get(tenantId)?.length ?? 0) > 0) void record(tenantId);
      });
      recording.set(tenantId, run);
      return run;
    };

    const send = async (delivery: ClaimedDelivery) => {
      const at = new Date();
      const headers = signedHeaders(delivery.secrets, delivery.eventId, Math.floor(at.getTime() / 1000), delivery.body);
      const outcome = await http.post(delivery.url, headers, delivery.body);
      const list = finished.get(delivery.tenantId) ?? [];
      finished.set(delivery.tenantId, list);
      list.push({ delivery, at, headers, outcome });
      await record(delivery.tenantId);
    };

    while (!signal.aborted) {
      if (Date.now() - tenantsAt > TENANTS_MS) {
        tenants = (await context.tenants()).map((t) => t.tenantId);
        tenantsAt = Date.now();
      }
      let claimed = 0;
      const woken = wakeup.take();
      for (const tenantId of tenants) {
        if (total >= MAX_IN_FLIGHT || signal.aborted) break;
        if (!woken.has(tenantId) && Date.now() < (nextLook.get(tenantId) ?? 0)) continue;
        const busy = inFlight.get(tenantId) ?? new Map<string, number>();
        inFlight.set(tenantId, busy);
        let due: ClaimedDelivery[];
        try {
          due = await context.inTenant(tenantId, ({ tx }) =>
            claimDue(tx, {
              perEndpoint: options.concurrencyPerEndpoint,
              busy,
              // Long enough to send and record; a process that dies lets another take the delivery after it.
              leaseMs: options.timeoutMs * 3 + 5_000,
              limit: MAX_IN_FLIGHT - total,
            }),
          );
        } catch (error) {
          log.warn({ err: error, tenantId }, 'webhooks: claiming deliveries failed');
          nextLook.set(tenantId, Date.now() + idleLookMs);
          continue;
        }
        // A tenant that had deliveries due may have more: looked at again on the next round.
        nextLook.set(tenantId, due.length > 0 ? 0 : Date.now() + idleLookMs);
        claimed += due.length;
        for (const delivery of due) {
          busy.set(delivery.endpointId, (busy.get(delivery.endpointId) ?? 0) + 1);
          total++;
          const run: Promise<void> = send(delivery)
            .catch((error: unknown) => {
              log.error({ err: error, deliveryId: delivery.deliveryId }, 'webhooks: sending a delivery failed unexpectedly');
              release(delivery);
            })
            .finally(() => pending.delete(run));
          pending.add(run);
        }
      }
      if (claimed > 0 && total < MAX_IN_FLIGHT) continue;
      const soonest = Math.min(Date.now() + idleLookMs, ...tenants.map((tenantId) => nextLook.get(tenantId) ?? 0));
      await wakeup.wait(Math.min(soonest - Date.now(), TENANTS_MS), signal);
    }
    await Promise.allSettled([...pending]);
  };
}
