import { isDomainError } from '@kits/plugin-sdk';
import type { FastifyError, FastifyInstance } from 'fastify';
import { clientCausedDatabaseError, isDatabaseUnavailable, isRetryableDatabaseError } from '../db/database-errors.ts';
import { bodyLimitOf, isTooLarge } from './body-limit.ts';
import { problem, sendProblem } from './problem.ts';
import { invalidInput } from './validation.ts';

/** Every error becomes problem+json. Unknown errors are logged and answered 500 without internals. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isTooLarge(error)) {
      // The limit is in the answer so a client (the till's push agent) can cut what it sends to fit.
      const limitBytes = bodyLimitOf(request);
      return sendProblem(
        reply,
        problem(413, 'request.too_large', `The body is larger than the ${limitBytes} bytes allowed.`, { limitBytes }),
      );
    }
    if (isDomainError(error)) {
      const retryAfter = error.extensions.retryAfterSeconds ?? (error.status === 503 ? 1 : undefined);
      if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
      return sendProblem(reply, problem(error.status, error.code, error.message, { ...error.extensions }));
    }
    if (error.validation) {
      const part = (error.validationContext as string | undefined) ?? 'body';
      const input = { body: request.body, querystring: request.query, params: request.params, headers: request.headers }[part];
      const refused = invalidInput(error.validation as never, part, input);
      return sendProblem(reply, problem(refused.status, refused.code, refused.message, { ...refused.extensions }));
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(reply, problem(415, 'request.unsupported_media_type', 'Send the body as application/json.'));
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(reply, problem(400, 'request.empty_body', 'The body is empty; send a JSON document.'));
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        // The whole body was read: the connection can serve the next request.
        if (request.raw.complete) reply.removeHeader('connection');
        return sendProblem(reply, problem(400, 'request.malformed_json', `The body is not valid JSON: ${error.message}`));
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendProblem(reply, problem(400, 'request.malformed_json', `The body is not valid JSON: ${error.message}`));
      default:
        break;
    }
    if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
      if (request.raw.complete) reply.removeHeader('connection');
      return sendProblem(reply, problem(400, 'request.malformed_json', `The body is not valid JSON: ${error.message}`));
    }
    if (isRetryableDatabaseError(error)) {
      reply.header('retry-after', '1');
      return sendProblem(
        reply,
        problem(503, 'database.retry', 'The request ran into another one and was undone; send it again (with the same Idempotency-Key).'),
      );
    }
    if (isDatabaseUnavailable(error)) {
      // The kernel stays up and answers; /readyz says not ready until the database is back.
      reply.header('retry-after', '5');
      return sendProblem(
        reply,
        problem(
          503,
          'database.unavailable',
          'The database cannot be reached just now; send the request again in a few seconds (with the same Idempotency-Key).',
        ),
      );
    }
    const fromDatabase = clientCausedDatabaseError(error);
    if (fromDatabase) return sendProblem(reply, problem(fromDatabase.status, fromDatabase.code, fromDatabase.detail));
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, problem(error.statusCode, 'request.rejected', error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(
      reply,
      problem(
        500,
        'internal',
        'Something went wrong on our side; it has been logged. Try again, and report the request id if it keeps failing.',
        { requestId: request.id },
      ),
    );
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      problem(404, 'route.not_found', `There is no ${request.method} ${request.url.split('?')[0]}. See /docs for the API.`),
    ),
  );
}
