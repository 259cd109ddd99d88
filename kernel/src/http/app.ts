import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { KernelConfig } from '../config/config.ts';
import { installErrorHandling } from './error-handler.ts';
import { ProblemSchema } from './problem.ts';
import { createValidators } from './validation.ts';

const REQUEST_ID = /^[\w.:-]{8,128}$/;

export interface OpenApiPaths {
  /** Extra paths (the plugins' routes) merged into the generated document. */
  (): Record<string, unknown>;
}

/** The Fastify host: request ids, body limit, strict validation, problem+json errors, OpenAPI at /docs. */
export async function createHttpApp(
  config: Pick<KernelConfig, 'bodyLimitBytes'>,
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
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  }) as unknown as FastifyInstance;
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });

  const validators = createValidators();
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? validators.body : validators.strings).compile(schema) as never);
  app.addSchema(ProblemSchema);
  installErrorHandling(app);

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
