import { Timestamp, Type, Uuid, type RouteRegistrar } from '@kits/plugin-sdk';
import { Barcode, Kind, LabelStock, Resolution, TemplateInput } from '../schemas.ts';
import type { LabelSettings } from '../settings.ts';
import { createTemplate, deleteTemplate, listTemplates, readTemplate, updateTemplate } from './template-store.ts';

const Template = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: Kind,
  stock: LabelStock,
  dpi: Resolution,
  symbology: Barcode,
  showPrice: Type.Boolean(),
  showSku: Type.Boolean(),
  updatedAt: Timestamp,
});
const TemplateParams = Type.Object({ templateId: Uuid });

/** The tenant's label templates: list, add, change, remove. */
export function registerTemplateRoutes(routes: RouteRegistrar<LabelSettings>): void {
  routes.get('/templates', {
    schema: { summary: "The tenant's label templates by name", response: { 200: Type.Object({ items: Type.Array(Template) }) } },
    handler: async (request) => ({ items: await listTemplates(request.tx) }),
  });

  routes.get('/templates/:templateId', {
    schema: { summary: 'One label template', params: TemplateParams, response: { 200: Template } },
    handler: async (request) => readTemplate(request.tx, request.params.templateId),
  });

  routes.post('/templates', {
    permission: 'zebra-zpl:templates.write',
    schema: { summary: 'Add a label template (names are unique, case aside)', body: TemplateInput, response: { 201: Template } },
    async handler(request, reply) {
      const created = await createTemplate(request.tx, request.body);
      reply.status(201);
      return created;
    },
  });

  routes.put('/templates/:templateId', {
    permission: 'zebra-zpl:templates.write',
    schema: { summary: 'Change a label template', params: TemplateParams, body: TemplateInput, response: { 200: Template } },
    handler: async (request) => updateTemplate(request.tx, request.params.templateId, request.body),
  });

  routes.delete('/templates/:templateId', {
    permission: 'zebra-zpl:templates.write',
    schema: { summary: 'Remove a label template', params: TemplateParams },
    async handler(request, reply) {
      await deleteTemplate(request.tx, request.params.templateId);
      reply.status(204);
      return null;
    },
  });
}
