import { readFileSync } from 'node:fs';
import { type DocumentNode, type GraphQLError, type GraphQLSchema, Kind, buildSchema, execute, parse, validate } from 'graphql';
import type { CostBucket } from './bucket.ts';
import { SINGLE_QUERY_MAX_COST, actualQueryCost, requestedQueryCost, selectedOperation } from './cost.ts';
import { mutationRoot } from './graph-mutations.ts';
import { queryRoot } from './graph-queries.ts';
import type { GraphContext } from './graph-views.ts';

/**
 * `POST /admin/api/2025-10/graphql.json` after the token was accepted: parse, validate against the
 * SDL, cost the query, take its cost from the bucket (or answer THROTTLED as Shopify does: HTTP 200,
 * `errors[0].extensions.code`, `extensions.cost` with no actual cost), execute, refund the
 * difference between requested and actual cost, and answer with `extensions.cost`.
 */

export const schema: GraphQLSchema = buildSchema(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

const RATE_LIMITS_DOC = 'https://shopify.dev/api/usage/rate-limits';

export interface GraphqlCall {
  /** The root fields the request asked for, comma-separated (`inventorySetQuantities`, `productVariants`). */
  operation: string;
  /** The operation's own name, if the document gave one. */
  operationName: string | null;
  variables: Record<string, unknown>;
  requestedCost: number;
  actualCost: number | null;
  throttled: boolean;
  at: number;
}

export interface GraphqlAnswer {
  status: number;
  body: Record<string, unknown>;
  call: GraphqlCall;
}

/** graphql-js says `Cannot query field "x" on type "T".`; Shopify says it its own way, with a code. */
function shopifyError(error: GraphQLError): Record<string, unknown> {
  const json = { ...error.toJSON() } as Record<string, unknown>;
  const undefinedField = /^Cannot query field "([^"]+)" on type "([^"]+)"\./.exec(error.message);
  if (undefinedField) {
    return {
      ...json,
      message: `Field '${undefinedField[1]}' doesn't exist on type '${undefinedField[2]}'`,
      extensions: { code: 'undefinedField', typeName: undefinedField[2], fieldName: undefinedField[1] },
    };
  }
  return json;
}

function rootFields(document: DocumentNode, operationName: string | null): string {
  const operation = selectedOperation(document, operationName);
  if (!operation) return '';
  return operation.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : '…')).join(',');
}

export async function answerGraphql(
  request: { query?: unknown; variables?: unknown; operationName?: unknown },
  context: GraphContext,
  bucket: CostBucket,
): Promise<GraphqlAnswer> {
  const variables = (request.variables && typeof request.variables === 'object' ? request.variables : {}) as Record<string, unknown>;
  const operationName = typeof request.operationName === 'string' ? request.operationName : null;
  const call: GraphqlCall = {
    operation: '',
    operationName,
    variables,
    requestedCost: 0,
    actualCost: null,
    throttled: false,
    at: Date.now(),
  };
  if (typeof request.query !== 'string' || request.query.trim() === '') {
    return { status: 400, body: { errors: { query: 'Required parameter missing or invalid' } }, call };
  }
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    return { status: 200, body: { errors: [shopifyError(error as GraphQLError)] }, call };
  }
  call.operation = rootFields(document, operationName);
  call.operationName = operationName ?? selectedOperation(document, null)?.name?.value ?? null;
  const invalid = validate(schema, document);
  if (invalid.length > 0) return { status: 200, body: { errors: invalid.map(shopifyError) }, call };
  const operation = selectedOperation(document, operationName)!;

  const requested = requestedQueryCost(schema, document, operation, variables);
  call.requestedCost = requested;
  if (requested > SINGLE_QUERY_MAX_COST) {
    return {
      status: 200,
      body: {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).\n\nSee ${RATE_LIMITS_DOC} for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
            extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: SINGLE_QUERY_MAX_COST, documentation: RATE_LIMITS_DOC },
          },
        ],
      },
      call,
    };
  }
  if (!bucket.take(requested)) {
    call.throttled = true;
    return {
      status: 200,
      body: {
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: RATE_LIMITS_DOC } }],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() } },
      },
      call,
    };
  }
  const result = await execute({
    schema,
    document,
    operationName,
    variableValues: variables,
    rootValue: operation.operation === 'mutation' ? mutationRoot(context) : queryRoot(context),
    contextValue: context,
  });
  const data = 'data' in result ? (result.data as Record<string, unknown> | null | undefined) : undefined;
  const actual = actualQueryCost(schema, document, operation, variables, data);
  bucket.giveBack(requested - actual);
  call.actualCost = actual;
  const body: Record<string, unknown> = {};
  if (result.errors?.length) body.errors = result.errors.map(shopifyError);
  if (data !== undefined) body.data = data;
  body.extensions = { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status() } };
  return { status: 200, body, call };
}
