import { ProblemDetails } from '@kits/plugin-sdk';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  408: 'Request Timeout',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, code: string, detail: string, extensions: Record<string, unknown> = {}): ProblemDetails {
  // Extensions never override the standard members.
  return {
    ...extensions,
    type: `https://kits-pos.dev/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
  };
}

export function sendProblem(reply: FastifyReply, value: ProblemDetails): FastifyReply {
  return reply
    .code(value.status)
    .type('application/problem+json; charset=utf-8')
    .send({ ...value, instance: value.instance ?? reply.request.url });
}

/** Response schema of every error, for the OpenAPI document: the SDK's, as the `Problem` component routes refer to. */
export const ProblemSchema = Type.With(ProblemDetails, { $id: 'Problem' });
