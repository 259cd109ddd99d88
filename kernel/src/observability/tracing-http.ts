import { SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { failed, type Tracing } from './tracing.ts';

const TRACE = Symbol('kits.trace');

interface TracedRequest extends FastifyRequest {
  [TRACE]?: { readonly span: Span; readonly context: Context };
}

/**
 * A server span per request, the child of the `traceparent` the request carries (a caller's, a
 * load balancer's), active while the request is handled so its database transaction and the
 * events it publishes join its trace. Installed only with tracing on: off, requests pay nothing.
 */
export function installHttpTracing(app: FastifyInstance, tracing: Tracing): void {
  if (!tracing.enabled) return;
  app.addHook('onRequest', (request: TracedRequest, _reply, done) => {
    const parent = tracing.extract(request.headers);
    const span = tracing.tracer.startSpan(
      request.method,
      {
        kind: SpanKind.SERVER,
        attributes: { [ATTR_HTTP_REQUEST_METHOD]: request.method, [ATTR_URL_PATH]: request.url.split('?')[0] },
      },
      parent,
    );
    const context = trace.setSpan(parent, span);
    request[TRACE] = { span, context };
    tracing.with(context, done);
  });
  // Reading a body resumes in the socket's asynchronous context, not the request's: the hooks run
  // after it enter the request's context again, so the handler (and its transaction) see its span.
  const enter = (request: TracedRequest, _reply: unknown, done: () => void) => {
    const traced = request[TRACE];
    if (traced) tracing.with(traced.context, done);
    else done();
  };
  app.addHook('preValidation', enter);
  app.addHook('preHandler', enter);
  app.addHook('onError', (request: TracedRequest, _reply, error, done) => {
    request[TRACE]?.span.recordException(error);
    done();
  });
  app.addHook('onResponse', (request: TracedRequest, reply, done) => {
    const traced = request[TRACE];
    if (traced) {
      // The plugin dispatcher and webhooks set their own route pattern; kernel routes use Fastify's.
      const route = (request as { kitsRoute?: string }).kitsRoute ?? request.routeOptions.url;
      const { span } = traced;
      if (route) {
        span.setAttribute(ATTR_HTTP_ROUTE, route);
        span.updateName(`${request.method} ${route}`);
      }
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
  app.addHook('onRequestAbort', (request: TracedRequest, done) => {
    const traced = request[TRACE];
    if (traced) {
      failed(traced.span, new Error('The client closed the connection before the answer was sent.'));
      traced.span.end();
    }
    done();
  });
}
