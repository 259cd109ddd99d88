import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePlugin } from './support/fixtures.ts';
import { chunked, RawConnection, requestHead, type RawAnswer } from './support/raw-http.ts';

// Every oversized body gets its 413 problem read whole by the client — never a reset or EPIPE
// instead — and, up to 64 MiB of body, the connection then serves the next request: the server
// reads the rest of the body and throws it away. A body declared larger than that is answered
// with `Connection: close`, and the server closes gracefully (FIN after the answer, reading what
// still comes for a while), never with a reset. Each case runs ROUNDS times, on raw sockets, to
// catch the reset that used to strike now and then.
const ROUNDS = 50;
const MiB = 1024 * 1024;
const DEFAULT_LIMIT = MiB;

describe.each(['pglite', 'postgres'] as const)('oversized and malformed bodies on %s', (db) => {
  let kit: TestKernel;
  let baseUrl: string;
  let headers: Record<string, string>;

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [fixturePlugin('notes')], db });
    baseUrl = await kit.kernel.listen();
    headers = { authorization: `Bearer ${kit.tenant.admin.token}`, 'content-type': 'application/json' };
  });
  afterAll(async () => kit?.close());

  const notes = async () => (await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from notes.notes'))[0]!.n;
  const noteOf = (bytes: number) => Buffer.from(JSON.stringify({ body: 'x'.repeat(bytes) }));

  function expectProblem(answer: RawAnswer, status: number, code: string): Record<string, unknown> {
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(answer.body) as Record<string, unknown>;
    expect(problem).toMatchObject({ status, code });
    expect(String(problem.detail).length).toBeGreaterThan(10);
    return problem;
  }

  /** The connection still serves: a second request on it is answered. */
  async function nextRequestIsAnswered(connection: RawConnection): Promise<void> {
    await connection.write(requestHead('GET', '/healthz', {}));
    expect((await connection.answer()).status).toBe(200);
    expect(connection.errors).toEqual([]);
  }

  /** Sends `head` then `parts` (each its own write, waiting on the socket's buffer) and reads the answer. */
  async function send(connection: RawConnection, head: string, parts: readonly Buffer[]): Promise<RawAnswer> {
    await connection.write(head);
    for (const part of parts) await connection.write(part);
    return connection.answer();
  }

  const pieces = (body: Buffer, size: number) =>
    Array.from({ length: Math.ceil(body.length / size) }, (_, i) => body.subarray(i * size, (i + 1) * size));

  it(`a 2 MiB body with Content-Length, in one write: 413 naming the limit, then the connection serves the next request (${ROUNDS}×)`, async () => {
    const before = await notes();
    const body = noteOf(2 * MiB);
    for (let round = 0; round < ROUNDS; round++) {
      const connection = await RawConnection.open(baseUrl);
      const head = requestHead('POST', '/api/v1/notes/notes', { ...headers, 'content-length': body.length });
      const answer = await send(connection, '', [Buffer.concat([Buffer.from(head), body])]);
      expect(expectProblem(answer, 413, 'request.too_large').limitBytes).toBe(DEFAULT_LIMIT);
      expect(answer.headers.connection).not.toBe('close');
      await nextRequestIsAnswered(connection);
      connection.close();
    }
    expect(await notes()).toBe(before);
  });

  it(`the same body in 64 KiB writes, and in 1,000-byte writes: the same answer and a usable connection (${ROUNDS}×)`, async () => {
    const before = await notes();
    const body = noteOf(2 * MiB);
    for (let round = 0; round < ROUNDS; round++) {
      const connection = await RawConnection.open(baseUrl);
      const head = requestHead('POST', '/api/v1/notes/notes', { ...headers, 'content-length': body.length });
      const answer = await send(connection, head, pieces(body, round % 2 === 0 ? 64 * 1024 : 1000));
      expect(expectProblem(answer, 413, 'request.too_large').limitBytes).toBe(DEFAULT_LIMIT);
      await nextRequestIsAnswered(connection);
      connection.close();
    }
    expect(await notes()).toBe(before);
  });

  it(`a chunked body without Content-Length that passes the limit while streaming: 413, then the next request is answered (${ROUNDS}×)`, async () => {
    const before = await notes();
    const body = noteOf(2 * MiB);
    for (let round = 0; round < ROUNDS; round++) {
      const connection = await RawConnection.open(baseUrl);
      const head = requestHead('POST', '/api/v1/notes/notes', { ...headers, 'transfer-encoding': 'chunked' });
      const answer = await send(connection, head, chunked(body, round % 2 === 0 ? 64 * 1024 : 4096));
      expect(expectProblem(answer, 413, 'request.too_large').limitBytes).toBe(DEFAULT_LIMIT);
      expect(answer.headers.connection).not.toBe('close');
      await nextRequestIsAnswered(connection);
      connection.close();
    }
    expect(await notes()).toBe(before);
  });

  it(`a body declared larger than the server will read (100 MiB): 413 with Connection: close, then a clean close — no reset (${ROUNDS}×)`, async () => {
    const before = await notes();
    for (let round = 0; round < ROUNDS; round++) {
      const connection = await RawConnection.open(baseUrl);
      const head = requestHead('POST', '/api/v1/notes/notes', { ...headers, 'content-length': 100 * MiB });
      // The client keeps sending a first megabyte after the headers, as a client that does not read answers would.
      const answer = await send(connection, head, pieces(Buffer.alloc(MiB, 'x'), 64 * 1024));
      expect(expectProblem(answer, 413, 'request.too_large').limitBytes).toBe(DEFAULT_LIMIT);
      expect(answer.headers.connection).toBe('close');
      expect(await connection.closedByServer()).toBe(true);
      expect(connection.ended).toBe(true);
      expect(connection.errors).toEqual([]);
      connection.close();
    }
    expect(await notes()).toBe(before);
  });

  it('a plugin route declares its own limit: 2 KiB refuses 4 KiB (Content-Length or chunked) naming 2048; 3 MiB takes 2 MiB', async () => {
    const before = await notes();
    const fourKiB = noteOf(4096);
    for (let round = 0; round < ROUNDS; round++) {
      const connection = await RawConnection.open(baseUrl);
      const declared = await send(
        connection,
        requestHead('POST', '/api/v1/notes/notes/short', { ...headers, 'content-length': fourKiB.length }),
        [fourKiB],
      );
      expect(expectProblem(declared, 413, 'request.too_large').limitBytes).toBe(2048);
      const streamed = await send(
        connection,
        requestHead('POST', '/api/v1/notes/notes/short', { ...headers, 'transfer-encoding': 'chunked' }),
        chunked(fourKiB, 512),
      );
      expect(expectProblem(streamed, 413, 'request.too_large').limitBytes).toBe(2048);
      await nextRequestIsAnswered(connection);
      connection.close();
    }
    expect(await notes()).toBe(before);

    const twoMiB = noteOf(2 * MiB);
    const connection = await RawConnection.open(baseUrl);
    const taken = await send(connection, requestHead('POST', '/api/v1/notes/notes/long', { ...headers, 'content-length': twoMiB.length }), [
      twoMiB,
    ]);
    expect(taken.status).toBe(201);
    expect(JSON.parse(taken.body)).toMatchObject({ length: 2 * MiB });
    const chunkedTaken = await send(
      connection,
      requestHead('POST', '/api/v1/notes/notes/long', { ...headers, 'transfer-encoding': 'chunked' }),
      chunked(twoMiB, 64 * 1024),
    );
    expect(chunkedTaken.status).toBe(201);
    const overLong = noteOf(3 * MiB + 10);
    const refused = await send(
      connection,
      requestHead('POST', '/api/v1/notes/notes/long', { ...headers, 'transfer-encoding': 'chunked' }),
      chunked(overLong, 64 * 1024),
    );
    expect(expectProblem(refused, 413, 'request.too_large').limitBytes).toBe(3 * MiB);
    await nextRequestIsAnswered(connection);
    connection.close();
    expect(await notes()).toBe(before + 2);
  });

  it(`malformed JSON gets 400 and a wrong content type 415, each on a connection that serves the next request (${ROUNDS}×)`, async () => {
    const before = await notes();
    const malformed = Buffer.from('{"body": "x",');
    const form = Buffer.from('body=x');
    for (let round = 0; round < ROUNDS; round++) {
      const connection = await RawConnection.open(baseUrl);
      const bad = await send(connection, requestHead('POST', '/api/v1/notes/notes', { ...headers, 'content-length': malformed.length }), [
        malformed,
      ]);
      expectProblem(bad, 400, 'request.malformed_json');
      const wrongType = await send(
        connection,
        requestHead('POST', '/api/v1/notes/notes', {
          ...headers,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': form.length,
        }),
        [form],
      );
      expectProblem(wrongType, 415, 'request.unsupported_media_type');
      await nextRequestIsAnswered(connection);
      connection.close();
    }
    expect(await notes()).toBe(before);
  });

  it('through an HTTP client (fetch) too, a 10 MB body is answered 413, never a reset (20×)', async () => {
    const body = noteOf(10 * 1000 * 1000);
    for (let round = 0; round < 20; round++) {
      const response = await fetch(`${baseUrl}/api/v1/notes/notes`, { method: 'POST', headers, body });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ code: 'request.too_large', limitBytes: DEFAULT_LIMIT });
    }
  });
});
