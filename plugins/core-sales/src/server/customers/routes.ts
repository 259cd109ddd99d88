import { NonBlankText, notFound, Page, PageQuery, pageRequest, Timestamp, Type, Uuid, type RouteRegistrar } from '@kits/plugin-sdk';
import type { SalesSettings } from '../settings.ts';
import { createCustomer, Customer, listCustomers, readCustomer, updateCustomer } from './customer-directory.ts';

const Email = Type.String({ format: 'email', maxLength: 320 });
const Phone = Type.String({ pattern: '^[0-9+()./ -]{3,40}$', description: 'digits, spaces and + ( ) . / -' });
const Note = Type.String({ maxLength: 1000 });

/** The customers a sale can name: add, find, read, change or archive. */
export function registerCustomerRoutes(routes: RouteRegistrar<SalesSettings>): void {
  routes.post('/customers', {
    permission: 'core-sales:customers.write',
    schema: {
      summary: 'Add a customer (a name; email, phone and a note optional). An email already on file is 409.',
      body: Type.Object(
        {
          name: NonBlankText(200),
          email: Type.Optional(Type.Union([Email, Type.Null()])),
          phone: Type.Optional(Type.Union([Phone, Type.Null()])),
          note: Type.Optional(Type.Union([Note, Type.Null()])),
        },
        { additionalProperties: false },
      ),
      response: { 201: Customer },
    },
    async handler(request, reply) {
      reply.status(201);
      return createCustomer(request.tx, request.body);
    },
  });

  routes.get('/customers', {
    schema: {
      summary: 'Customers by name, a page at a time: name starting with the text (or a word of it), or email or phone containing it',
      querystring: PageQuery({
        q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        archived: Type.Optional(Type.Boolean({ default: false, description: 'include archived customers' })),
        updatedSince: Type.Optional(Type.With(Timestamp, { description: 'Changed at or after this time (ISO 8601 with offset)' })),
      }),
      response: { 200: Page(Customer) },
    },
    handler: (request) => listCustomers(request.tx, request.query, pageRequest(request.query)),
  });

  routes.get('/customers/:customerId', {
    schema: { summary: 'A customer', params: Type.Object({ customerId: Uuid }), response: { 200: Customer } },
    async handler(request) {
      const customer = await readCustomer(request.tx, request.params.customerId);
      if (!customer) throw notFound('sales.unknown_customer', `There is no customer ${request.params.customerId}.`);
      return customer;
    },
  });

  routes.patch('/customers/:customerId', {
    permission: 'core-sales:customers.write',
    schema: {
      summary: 'Change a customer, or archive them (archived: true); null clears email, phone or note',
      params: Type.Object({ customerId: Uuid }),
      body: Type.Object(
        {
          name: Type.Optional(NonBlankText(200)),
          email: Type.Optional(Type.Union([Email, Type.Null()])),
          phone: Type.Optional(Type.Union([Phone, Type.Null()])),
          note: Type.Optional(Type.Union([Note, Type.Null()])),
          archived: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false, minProperties: 1 },
      ),
      response: { 200: Customer },
    },
    async handler(request) {
      return updateCustomer(request.tx, request.params.customerId, request.body);
    },
  });
}
