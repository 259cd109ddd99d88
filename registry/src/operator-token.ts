import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@kits/plugin-sdk';
import type { FastifyRequest } from 'fastify';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The standalone registry's operator check: `Authorization: Bearer <REGISTRY_OPERATOR_TOKEN>`. */
export function operatorTokenAuthorizer(token: string): (request: FastifyRequest) => void {
  const expected = digest(token);
  return (request) => {
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!given)
      throw new DomainError('auth.required', 401, "Only the registry's operator may do this: send Authorization: Bearer <operator token>.");
    if (!timingSafeEqual(digest(given), expected))
      throw new DomainError('auth.forbidden', 403, 'That is not the operator token of this registry.');
  };
}
