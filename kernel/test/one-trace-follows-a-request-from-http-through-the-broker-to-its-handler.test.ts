import { randomBytes } from 'node:crypto';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { eventually } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AMQP_URL } from './support/databases.ts';
import { fixturePlugin } from './support/fixtures.ts';
import { SPAN_KIND, startOtlpCollector, type CollectedSpan, type OtlpCollector } from './support/otlp-collector.ts';

const VARIANTS = [
  { name: 'the in-process bus on PGlite', db: 'pglite', amqp: false, dbSystem: 'pglite', messaging: 'kits-in-process' },
  { name: 'RabbitMQ on PostgreSQL', db: 'postgres', amqp: true, dbSystem: 'postgresql', messaging: 'rabbitmq' },
] as const;

const NOTE_ROUTE = '/api/v1/notes/notes';
/** A trace a caller (a load balancer, another service) started: the kernel's request span must join it. */
const CALLER = { traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex') };

/** Posts a note (the notes plugin publishes notes.note.created in the route's transaction). */
async function postNote(kit: TestKernel, body: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await kit.request<{ id: string }>('POST', NOTE_ROUTE, { body: { body }, headers });
  expect(response.status).toBe(201);
  return response.body.id;
}

/** Waits until the plugin's subscriber has counted `count` notes.note.created events. */
async function handled(kit: TestKernel, count: number): Promise<void> {
  const counts = await eventually(
    () => kit.request<{ created: number }>('GET', '/api/v1/notes/counts'),
    (response) => response.body.created >= count,
  );
  expect(counts.body.created).toBe(count);
}

const outboxTraceparents = async (kit: TestKernel) =>
  (
    await kit.kernel.db.query<{ traceparent: string | null }>(
      `select traceparent from kernel.outbox where tenant_id = $1 and type = 'notes.note.created' order by position`,
      [kit.tenant.id],
    )
  ).map((row) => row.traceparent);

describe.each(VARIANTS)('traces through $name', (variant) => {
  const service = `kits-test-${variant.db}-${randomBytes(3).toString('hex')}`;
  let collector: OtlpCollector;
  let kit: TestKernel;
  let open: TestKernel | undefined;
  let traceparents: Array<string | null>;
  let spans: CollectedSpan[];

  beforeAll(async () => {
    collector = await startOtlpCollector();
    kit = await createTestKernel({
      plugins: [fixturePlugin('notes'), fixturePlugin('faulty')],
      db: variant.db,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SERVICE_NAME: service, ...(variant.amqp ? { AMQP_URL } : {}) },
      ...(variant.amqp ? { eventExchange: `kits.events.test.${randomBytes(4).toString('hex')}` } : {}),
    });
    open = kit;
    await postNote(kit, 'a trace of its own');
    await postNote(kit, 'in the caller’s trace', { traceparent: `00-${CALLER.traceId}-${CALLER.spanId}-01` });
    expect((await kit.request('GET', '/api/v1/faulty/throws')).status).toBe(500);
    await handled(kit, 2);
    traceparents = await outboxTraceparents(kit);
    // Closing the kernel exports the spans still batched.
    await kit.close();
    open = undefined;
    spans = collector.spans.filter((span) => span.service === service);
  }, 60_000);
  afterAll(async () => {
    await open?.close();
    await collector?.close();
  });

  /** The spans of the note request whose server span is in `inCallersTrace` or not. */
  function noteTrace(inCallersTrace: boolean) {
    const server = spans.find(
      (span) =>
        span.kind === SPAN_KIND.server && span.name === `POST ${NOTE_ROUTE}` && (span.traceId === CALLER.traceId) === inCallersTrace,
    );
    expect(server).toBeDefined();
    const trace = spans.filter((span) => span.traceId === server!.traceId);
    const transaction = trace.find((span) => span.name === 'db.transaction' && span.parentSpanId === server!.spanId);
    const publish = trace.find((span) => span.kind === SPAN_KIND.producer);
    const handler = trace.find((span) => span.kind === SPAN_KIND.consumer);
    expect(transaction).toBeDefined();
    expect(publish).toBeDefined();
    expect(handler).toBeDefined();
    return { trace, server: server!, transaction: transaction!, publish: publish!, handler: handler! };
  }

  it('exports OTLP/HTTP JSON as the configured service', () => {
    expect(collector.contentTypes.length).toBeGreaterThan(0);
    expect(collector.contentTypes.every((type) => type.startsWith('application/json'))).toBe(true);
    expect(spans.length).toBeGreaterThan(0);
  });

  it('follows one request: HTTP, its transaction, the relay through the bus and the handler share one trace', () => {
    const { trace, server, transaction, publish, handler } = noteTrace(false);
    // Nothing else joined it: background work the request woke (the relay, jobs) runs outside it.
    expect(trace).toHaveLength(4);
    expect(server.parentSpanId).toBe('');
    expect(server.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': NOTE_ROUTE,
      'http.response.status_code': 201,
    });
    expect(server.statusCode).toBe(0);
    expect(transaction.kind).toBe(SPAN_KIND.client);
    expect(transaction.attributes).toMatchObject({ 'db.system': variant.dbSystem, 'kits.tenant.id': kit.tenant.id });
    // The event was written in the transaction: relaying and handling it are children of that span.
    expect(publish.parentSpanId).toBe(transaction.spanId);
    expect(publish.name).toBe('publish notes.note.created');
    expect(publish.attributes).toMatchObject({ 'messaging.system': variant.messaging, 'kits.event.type': 'notes.note.created' });
    expect(handler.parentSpanId).toBe(transaction.spanId);
    expect(handler.name).toBe('process notes.note.created');
    expect(handler.attributes['kits.subscriber']).toMatch(/^notes/);
    expect(handler.attributes['messaging.message.id']).toBe(publish.attributes['messaging.message.id']);
  });

  it('stores the trace context in the event envelope, naming the transaction that wrote it', () => {
    const first = noteTrace(false);
    const second = noteTrace(true);
    expect(traceparents).toEqual([
      `00-${first.server.traceId}-${first.transaction.spanId}-01`,
      `00-${CALLER.traceId}-${second.transaction.spanId}-01`,
    ]);
  });

  it('continues the trace an incoming traceparent header names', () => {
    const { server, transaction, handler } = noteTrace(true);
    expect(server.traceId).toBe(CALLER.traceId);
    expect(server.parentSpanId).toBe(CALLER.spanId);
    expect(transaction.traceId).toBe(CALLER.traceId);
    expect(handler.traceId).toBe(CALLER.traceId);
  });

  it('marks a request answered 5xx, and its transaction, as failed', () => {
    const server = spans.find((span) => span.kind === SPAN_KIND.server && span.name === 'GET /api/v1/faulty/throws');
    expect(server?.statusCode).toBe(2);
    expect(server?.attributes['http.response.status_code']).toBe(500);
    const transaction = spans.find((span) => span.name === 'db.transaction' && span.parentSpanId === server?.spanId);
    expect(transaction?.statusCode).toBe(2);
  });

  it('makes transactions spans only inside requests and handlers, never for relay polls or jobs', () => {
    const transactions = spans.filter((span) => span.name === 'db.transaction');
    expect(transactions.length).toBeGreaterThan(0);
    const parentKinds = new Set(transactions.map((transaction) => spans.find((span) => span.spanId === transaction.parentSpanId)?.kind));
    expect([...parentKinds]).toEqual([SPAN_KIND.server]);
  });
});

describe('without an OTLP endpoint', () => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [fixturePlugin('notes')] });
  });
  afterAll(async () => kit?.close());

  it('traces nothing: events carry no trace context, not even an incoming one, and are handled as before', async () => {
    await postNote(kit, 'untraced', { traceparent: `00-${CALLER.traceId}-${CALLER.spanId}-01` });
    await handled(kit, 1);
    expect(await outboxTraceparents(kit)).toEqual([null]);
    const [{ count }] = (await kit.kernel.db.query<{ count: number }>(
      'select count(*)::int as count from kernel.processed_events where tenant_id = $1',
      [kit.tenant.id],
    )) as [{ count: number }];
    expect(count).toBe(1);
  });
});
