import type { FastifyRequest } from 'fastify';

/**
 * Throttles guessing at a sign-in route: counts an attempt for `account` (what is being guessed at:
 * an e-mail, a challenge, a client address) and for the request's address; 429 once either is over
 * its limit (kernel/src/auth/routes.ts).
 */
export type SignInThrottle = (request: FastifyRequest, account: string) => Promise<void>;
