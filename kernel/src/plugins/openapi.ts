import type { TSchema } from 'typebox';
import type { LoadedPlugin } from './loaded-plugin.ts';

function parametersOf(schema: TSchema | undefined, where: 'path' | 'query'): unknown[] {
  const properties = (schema as { properties?: Record<string, unknown>; required?: string[] } | undefined)?.properties ?? {};
  const required = new Set((schema as { required?: string[] } | undefined)?.required ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
  }));
}

/** OpenAPI path items of a plugin version's routes, mounted under /api/v1/<id>. */
export function openApiPathsOf(loaded: LoadedPlugin): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of loaded.routes.routes()) {
    const path = `/api/v1/${loaded.pkg.id}${route.url}`.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const schema = route.options.schema;
    const responses: Record<string, unknown> = {};
    for (const [status, body] of Object.entries(schema?.response ?? {})) {
      responses[status] = { description: `${status}`, content: { 'application/json': { schema: body } } };
    }
    responses.default = {
      description: 'Problem',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
    paths[path] = {
      ...(paths[path] ?? {}),
      [route.method.toLowerCase()]: {
        tags: [loaded.pkg.manifest.displayName],
        summary: schema?.summary,
        description:
          [schema?.description, route.options.permission ? `Needs permission \`${route.options.permission}\`.` : undefined]
            .filter(Boolean)
            .join('\n\n') || undefined,
        parameters: [...parametersOf(schema?.params, 'path'), ...parametersOf(schema?.querystring, 'query')],
        ...(schema?.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema.body } } } } : {}),
        responses,
      },
    };
  }
  return paths;
}
