import { definePlugin, Type } from '@kits/plugin-sdk';

// The smallest useful plugin route: what the dispatch itself costs.
export default definePlugin({
  register({ routes }) {
    routes.get('/ping', {
      permission: 'ping:read',
      schema: { response: { 200: Type.Object({ pong: Type.Boolean() }) } },
      handler: async () => ({ pong: true }),
    });
    routes.get('/tenant', {
      handler: async (request) => {
        const [row] = await request.tx.query('select slug from kernel.tenants');
        return { slug: row.slug };
      },
    });
  },
});
