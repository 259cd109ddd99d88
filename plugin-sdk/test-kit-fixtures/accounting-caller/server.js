import { definePlugin } from '@kits/plugin-sdk';

// Uses accounting@1 as the accounting plugin does: the provider is resolved per request and runs in
// the route's transaction. A failure is answered (200, { error }) instead of thrown, so the
// transaction commits what the provider wrote on the way (a rotated refresh token, reconnect_required),
// as the accounting plugin commits the failed attempt it records.
const answer = async (work) => {
  try {
    return { value: (await work()) ?? null };
  } catch (error) {
    return {
      error: {
        name: error?.name ?? 'Error',
        message: String(error?.message ?? error),
        retryAfterSeconds: error?.retryAfterSeconds,
        limit: error?.limit,
        providerMessage: error?.providerMessage,
        providerCode: error?.providerCode,
        reason: error?.reason,
      },
    };
  }
};

export default definePlugin({
  register({ routes }) {
    const accounting = (request) => request.services.use('accounting@1');
    // POST, not GET: a GET route's transaction is read-only, and a token refresh must store the rotated refresh token.
    routes.post('/connection', { handler: async (request) => answer(() => accounting(request).connection()) });
    routes.post('/accounts', { handler: async (request) => answer(() => accounting(request).accounts()) });
    routes.post('/tax-rates', { handler: async (request) => answer(() => accounting(request).taxRates()) });
    routes.post('/post', {
      handler: async (request) => answer(() => accounting(request).postJournal(request.body.journal, request.body.idempotencyKey)),
    });
    routes.post('/find', {
      handler: async (request) => answer(() => accounting(request).findJournal(request.body.idempotencyKey, request.body.journal)),
    });
  },
});
