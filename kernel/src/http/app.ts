import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { KernelConfig } from '../config/config.ts';
import { answeredBeforeBodyEnded, installEarlyAnswers } from './body-limit.ts';
import { installErrorHandling } from './error-handler.ts';
import { installJsonBodyParser } from './json-body.ts';
import { problem, ProblemSchema, sendProblem } from './problem.ts';
import { createValidators } from './validation.ts';

const REQUEST_ID = /^[\w.:-]{8,128}$/;

export interface OpenApiPaths {
  /** Extra paths (the plugins' routes) merged into the generated document. */
  (): Record<string, unknown>;
}

/**
 * A request Node's HTTP parser refused (headers or URL over 16 KiB, a malformed request line)
 * never reaches Fastify: answered here as problem+json, then the connection is closed.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // An answer already went out for the request in progress (a 413 before its body ended): no second one.
  const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (answeredBeforeBodyEnded(socket) || answering?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, title, code, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'request.headers_too_large', 'The URL and headers together are over 16 KiB.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'request.timeout', 'The request did not arrive in time.']
        : [400, 'Bad Request', 'request.malformed', 'The request is not valid HTTP.'];
  const body = JSON.stringify({ type: `https://kits-pos.dev/problems/${code}`, title, status, code, detail });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/problem+json; charset=utf-8\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** The Fastify host: request ids, body limit, strict validation, problem+json errors, OpenAPI at /docs. */
export async function createHttpApp(
  config: Pick<KernelConfig, 'bodyLimitBytes'> & Partial<Pick<KernelConfig, 'trustProxy'>>,
  log: Logger,
  extraPaths: OpenApiPaths,
  info: { readonly title: string; readonly description: string } = {
    title: 'KiTS POS API',
    description: 'Kernel routes and the routes of every plugin this kernel has loaded.',
  },
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: log,
    bodyLimit: config.bodyLimitBytes,
    // Behind a balancer, the client's address is in X-Forwarded-For (TRUST_PROXY says whose to believe).
    ...(config.trustProxy !== undefined ? { trustProxy: trustProxyOption(config.trustProxy) } : {}),
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Errors raised before a request reaches the router answer problem+json like every other.
    frameworkErrors: (error, _request, reply) =>
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? sendProblem(reply, problem(414, 'request.url_too_long', 'A path segment of the URL is longer than 200 characters.'))
        : sendProblem(reply, problem(400, 'request.bad_url', 'The URL is not valid: a path segment has a malformed %-encoding.')),
    clientErrorHandler: answerClientError,
  }) as unknown as FastifyInstance;
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });

  const validators = createValidators();
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? validators.body : validators.strings).compile(schema) as never);
  app.addSchema(ProblemSchema);
  installErrorHandling(app);
  installEarlyAnswers(app);
  installJsonBodyParser(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: info.title, version: '1.0.0', description: info.description },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          apiKey: { type: 'apiKey', in: 'header', name: 'authorization', description: 'ApiKey <key>' },
        },
      },
      security: [{ bearer: [] }],
    },
    transformObject: (documentObject) => {
      const document = (documentObject as { openapiObject: { paths?: Record<string, unknown> } }).openapiObject;
      document.paths = { ...(document.paths ?? {}), ...extraPaths() };
      return document as never;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  return app;
}

/** Fastify's trustProxy from TRUST_PROXY: a hop count believes that many proxies nearest the kernel. */
function trustProxyOption(trust: number | readonly string[]): string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : [...trust];
}
