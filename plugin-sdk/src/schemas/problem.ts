import { Type } from 'typebox';

/**
 * An error answer: RFC 9457 problem details (`application/problem+json`) as the kernel sends every
 * one, with a stable `code` a client branches on (`inventory.insufficient_stock`) and a `detail` a
 * person can act on. `type` is `https://kits-pos.dev/problems/<code>`, `title` the status's name,
 * `instance` the path asked for. Extensions ride along: a 400 `request.invalid` has
 * `errors: [{ field, message }]` naming each wrong field (`body.lines.0.quantity`).
 */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

/**
 * The schema of `ProblemDetails`. The kernel documents it once, as the `Problem` component, and
 * as every route's default answer; a route need not list its errors.
 */
export const ProblemDetails = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
