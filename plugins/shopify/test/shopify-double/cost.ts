import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
} from 'graphql';

/**
 * Shopify's calculated query cost (shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits):
 * a scalar or enum field costs 0, an object 1, a connection 2 plus what its page can hold — `first`
 * (or `last`) × the cost of one node (1 + its selection) —, an interface or union the most expensive
 * of its possible selections, and a mutation 10 (its payload is not charged on top). The requested
 * cost is worked out from the query before it runs; the actual cost from what came back (null
 * objects cost nothing, a connection costs 2 + what its returned nodes cost).
 *
 * Where the docs are silent the double decides, and says so: a plain list of objects sized by
 * `first` (Order.refunds, Order.transactions) costs first × one element, `nodes(ids:)` costs one
 * element per id, an unsized list (selectedOptions, taxLines) costs as one object, `pageInfo` and
 * `edges` wrappers cost nothing of their own.
 */

export const MUTATION_COST = 10;
export const SINGLE_QUERY_MAX_COST = 1000;

type Variables = Record<string, unknown>;

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Variables;
}

function isConnectionType(type: GraphQLNamedType): type is GraphQLObjectType {
  return isObjectType(type) && type.name.endsWith('Connection') && 'pageInfo' in type.getFields();
}

function argument(field: FieldNode, name: string, variables: Variables): unknown {
  const node = field.arguments?.find((arg) => arg.name.value === name);
  return node ? valueFromASTUntyped(node.value, variables) : undefined;
}

/** How many elements a sized field may hold: first, last, or the ids it was handed. */
function sizeOf(field: FieldNode, variables: Variables): number | undefined {
  for (const name of ['first', 'last']) {
    const value = argument(field, name, variables);
    if (typeof value === 'number') return value;
  }
  const ids = argument(field, 'ids', variables);
  return Array.isArray(ids) ? ids.length : undefined;
}

/** The fields a selection set selects on one concrete type, fragments applied. */
function collectFields(walk: Walk, type: GraphQLObjectType, selectionSet: SelectionSetNode, into: FieldNode[] = []): FieldNode[] {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      into.push(selection);
    } else {
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : walk.fragments.get(selection.name.value);
      if (!fragment) continue;
      const condition = fragment.typeCondition ? walk.schema.getType(fragment.typeCondition.name.value) : type;
      if (!condition) continue;
      const applies = condition === type || (isAbstractType(condition) && walk.schema.isSubType(condition, type));
      if (applies) collectFields(walk, type, fragment.selectionSet, into);
    }
  }
  return into;
}

/** The fields selected whatever the runtime type, for walking a result (absent keys cost nothing). */
function collectAllFields(walk: Walk, selectionSet: SelectionSetNode, into: FieldNode[] = []): FieldNode[] {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) into.push(selection);
    else {
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : walk.fragments.get(selection.name.value);
      if (fragment) collectAllFields(walk, fragment.selectionSet, into);
    }
  }
  return into;
}

function fieldDef(walk: Walk, parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(parent)) return parent.getFields()[name];
  // An abstract parent: the field as any possible type declares it (fragments select type-specific fields).
  for (const type of walk.schema.getPossibleTypes(parent)) {
    const def = type.getFields()[name];
    if (def) return def;
  }
  return undefined;
}

/** Requested cost of a selection on a composite type (not counting the object itself). */
function selectionCost(walk: Walk, type: GraphQLCompositeType, selectionSet: SelectionSetNode | undefined): number {
  if (!selectionSet) return 0;
  const types = isObjectType(type) ? [type] : walk.schema.getPossibleTypes(type);
  let most = 0;
  for (const concrete of types) {
    let total = 0;
    for (const field of collectFields(walk, concrete, selectionSet)) {
      const def = concrete.getFields()[field.name.value];
      if (def) total += fieldCost(walk, field, def.type);
    }
    most = Math.max(most, total);
  }
  return most;
}

function fieldCost(walk: Walk, field: FieldNode, type: GraphQLOutputType): number {
  const named = getNamedType(type);
  if (!isCompositeType(named)) return 0;
  if (isConnectionType(named)) {
    const size = sizeOf(field, walk.variables) ?? 0;
    return 2 + size * connectionNodeCost(walk, named, field.selectionSet);
  }
  if (named.name === 'PageInfo') return 0;
  const one = 1 + selectionCost(walk, named, field.selectionSet);
  if (isListType(getNullableType(type))) {
    const size = sizeOf(field, walk.variables);
    return size === undefined ? one : size * one;
  }
  return one;
}

/** One node of a connection: 1 + its selection, whether reached through `nodes` or `edges { node }`. */
function connectionNodeCost(walk: Walk, connection: GraphQLObjectType, selectionSet: SelectionSetNode | undefined): number {
  if (!selectionSet) return 1;
  let most = 1;
  for (const field of collectFields(walk, connection, selectionSet)) {
    const def = connection.getFields()[field.name.value];
    if (!def) continue;
    if (field.name.value === 'nodes') {
      most = Math.max(most, 1 + selectionCost(walk, getNamedType(def.type) as GraphQLCompositeType, field.selectionSet));
    } else if (field.name.value === 'edges' && field.selectionSet) {
      const edgeType = getNamedType(def.type) as GraphQLObjectType;
      for (const edgeField of collectFields(walk, edgeType, field.selectionSet)) {
        const nodeDef = edgeType.getFields()[edgeField.name.value];
        if (edgeField.name.value === 'node' && nodeDef) {
          most = Math.max(most, 1 + selectionCost(walk, getNamedType(nodeDef.type) as GraphQLCompositeType, edgeField.selectionSet));
        }
      }
    }
  }
  return most;
}

function walkOf(schema: GraphQLSchema, document: DocumentNode, variables: Variables): Walk {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return { schema, fragments, variables };
}

export function selectedOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
}

export function requestedQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables,
): number {
  const walk = walkOf(schema, document, variables);
  if (operation.operation === 'mutation') {
    const root = schema.getMutationType()!;
    return collectFields(walk, root, operation.selectionSet).filter((f) => !f.name.value.startsWith('__')).length * MUTATION_COST;
  }
  return selectionCost(walk, schema.getQueryType()!, operation.selectionSet);
}

/** Actual cost of what a result holds, by the same rules as the requested cost. */
export function actualQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables,
  data: Record<string, unknown> | null | undefined,
): number {
  if (!data) return 0;
  const walk = walkOf(schema, document, variables);
  if (operation.operation === 'mutation') {
    const fields = collectFields(walk, schema.getMutationType()!, operation.selectionSet);
    return fields.filter((f) => !f.name.value.startsWith('__') && data[(f.alias ?? f.name).value] !== undefined).length * MUTATION_COST;
  }
  return resultCost(walk, schema.getQueryType()!, operation.selectionSet, data);
}

function resultCost(walk: Walk, parent: GraphQLCompositeType, selectionSet: SelectionSetNode | undefined, data: unknown): number {
  if (!selectionSet || data === null || typeof data !== 'object') return 0;
  const record = data as Record<string, unknown>;
  const seen = new Set<string>();
  let total = 0;
  for (const field of collectAllFields(walk, selectionSet)) {
    const key = (field.alias ?? field.name).value;
    if (seen.has(key) || !(key in record)) continue;
    seen.add(key);
    const def = fieldDef(walk, parent, field.name.value);
    if (!def) continue;
    total += resultFieldCost(walk, field, def.type, record[key]);
  }
  return total;
}

function resultFieldCost(walk: Walk, field: FieldNode, type: GraphQLOutputType, value: unknown): number {
  const named = getNamedType(type);
  if (!isCompositeType(named) || value === null || value === undefined) return 0;
  if (isConnectionType(named)) {
    const page = value as { nodes?: unknown[]; edges?: { node?: unknown }[] };
    const nodeType = getNamedType(named.getFields().nodes!.type) as GraphQLCompositeType;
    const nodesField = collectAllFields(walk, field.selectionSet!).find((f) => f.name.value === 'nodes');
    const edgesField = collectAllFields(walk, field.selectionSet!).find((f) => f.name.value === 'edges');
    let nodes = 0;
    if (nodesField) {
      const list = page[(nodesField.alias ?? nodesField.name).value as 'nodes'] ?? [];
      for (const node of list) nodes += 1 + resultCost(walk, nodeType, nodesField.selectionSet, node);
    } else if (edgesField) {
      const list = page[(edgesField.alias ?? edgesField.name).value as 'edges'] ?? [];
      const nodeField = collectAllFields(walk, edgesField.selectionSet!).find((f) => f.name.value === 'node');
      for (const edge of list) {
        const node = nodeField ? (edge as Record<string, unknown>)[(nodeField.alias ?? nodeField.name).value] : undefined;
        nodes += 1 + (nodeField ? resultCost(walk, nodeType, nodeField.selectionSet, node) : 0);
      }
    }
    return 2 + nodes;
  }
  if (named.name === 'PageInfo') return 0;
  if (Array.isArray(value)) {
    const present = value.filter((element) => element !== null);
    const each = present.map((element) => 1 + resultCost(walk, named, field.selectionSet, element));
    // Sized lists pay per element; an unsized list is charged as one object, as it was requested.
    if (sizeOf(field, walk.variables) !== undefined) return each.reduce((sum, cost) => sum + cost, 0);
    return each.length === 0 ? 0 : Math.max(...each);
  }
  return 1 + resultCost(walk, named, field.selectionSet, value);
}
