import type { Socket } from 'node:net';
import { Transform } from 'node:stream';
import { DomainError } from '@kits/plugin-sdk';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The largest body limit a route may have (BODY_LIMIT_BYTES has the same ceiling). */
export const MAX_BODY_LIMIT_BYTES = 64 * 1024 * 1024;
/** The smallest body limit a route may declare. */
export const MIN_BODY_LIMIT_BYTES = 1024;

/**
 * How much of an oversized body is read and thrown away after its 413 so the connection stays
 * usable for the client's next request. Past it (declared or counted) the server closes instead.
 */
export const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/** How long a closing connection keeps reading (and throwing away) what the client still sends. */
export const LINGER_MS = 2_000;

const LIMIT = Symbol('kits.bodyLimit');
type LimitedRequest = FastifyRequest & { [LIMIT]?: number };

/**
 * Sockets whose request was answered (413) while its body was still arriving: a parse error or a
 * half-close from the client on them must not make Node's client-error path write a second answer.
 */
const answeredEarly = new WeakSet<Socket>();

/** Whether a client error on `socket` comes after an answer already sent for its request. */
export function answeredBeforeBodyEnded(socket: Socket): boolean {
  return answeredEarly.has(socket);
}

/** The body limit that applied to `request`: its plugin route's own, or Fastify's route limit. */
export function bodyLimitOf(request: FastifyRequest): number {
  return (request as LimitedRequest)[LIMIT] ?? request.routeOptions.bodyLimit ?? 1024 * 1024;
}

export function tooLarge(limitBytes: number): DomainError {
  return new DomainError('request.too_large', 413, `The body is larger than the ${limitBytes} bytes allowed.`, { limitBytes });
}

export function isTooLarge(error: { code?: string }): boolean {
  return error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.code === 'request.too_large';
}

/**
 * A preParsing step for a route whose limit is known only per request (a plugin route): refuses a
 * declared Content-Length over `limit` before reading anything, and counts a body sent without
 * one (chunked), failing it as soon as it passes `limit`. The route's own Fastify limit must be at
 * least `limit`; a body already bounded by it needs no counting.
 */
export function limitBody(request: FastifyRequest, payload: NodeJS.ReadableStream, limit: number): NodeJS.ReadableStream {
  (request as LimitedRequest)[LIMIT] = limit;
  const declared = request.headers['content-length'];
  if (declared !== undefined) {
    if (Number(declared) > limit) throw tooLarge(limit);
    return payload;
  }
  if (request.headers['transfer-encoding'] === undefined || limit >= (request.routeOptions.bodyLimit ?? 0)) return payload;
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > limit) done(tooLarge(limit));
      else done(null, chunk);
    },
  });
  payload.pipe(counter);
  return counter;
}

/**
 * Every answer sent while the request's body is still arriving — a 413, a 401 from the
 * credentials, a 415, a 404 of a plugin route — goes through `keepConnectionUsable`.
 */
export function installEarlyAnswers(app: FastifyInstance): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!request.raw.complete) keepConnectionUsable(request, reply);
    done(null, payload);
  });
}

/**
 * Prepares the connection for an answer sent before the body was read (a 413, say): the client,
 * still sending, must read the answer, and never get a reset instead. The rest of the body is read and thrown
 * away (the connection then serves the next request) while it stays within DRAIN_LIMIT_BYTES; a
 * body declared larger is answered with `Connection: close`, and the server closes gracefully:
 * it half-closes after the answer and reads what still comes for up to LINGER_MS. A chunked body
 * found to run past the drain limit is closed the same way, after its answer.
 */
function keepConnectionUsable(request: FastifyRequest, reply: FastifyReply): void {
  const raw = request.raw;
  const socket = raw.socket;
  if (socket.destroyed || answeredEarly.has(socket)) return;
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > DRAIN_LIMIT_BYTES) {
    reply.header('connection', 'close');
    lingerOnClose(socket);
    answeredEarly.add(socket);
    raw.resume();
    return;
  }
  reply.removeHeader('connection');
  answeredEarly.add(socket);
  let drained = 0;
  const count = (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT_BYTES) {
      raw.off('data', count);
      closeGracefully(socket);
    }
  };
  raw.on('data', count);
  raw.once('end', () => {
    raw.off('data', count);
    answeredEarly.delete(socket);
  });
  raw.resume();
}

/** Makes Node's own close after a `Connection: close` answer (its destroySoon) graceful. */
function lingerOnClose(socket: Socket): void {
  Object.defineProperty(socket, 'destroySoon', { configurable: true, value: () => closeGracefully(socket) });
}

/**
 * Closing a socket that still has unread data in it sends a TCP reset, which can destroy the
 * answer before the client reads it. So: send FIN after the answer, keep reading (and dropping)
 * until the client closes its side or LINGER_MS pass, then close.
 */
function closeGracefully(socket: Socket): void {
  if (socket.destroyed) return;
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.once('end', () => socket.destroy());
  socket.end();
  socket.resume();
}
