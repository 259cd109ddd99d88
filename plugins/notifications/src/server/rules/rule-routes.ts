import { decodeCursor, Nullable, Page, PageQuery, pageOf, pageRequest, Timestamp, Type, Uuid, type RouteRegistrar } from '@kits/plugin-sdk';
import { RULE_KINDS } from '../../shared/rule-kinds.ts';
import { QUIET_TIME_PATTERN } from '../../shared/schedule.ts';
import { MANAGE, READ, type NotificationSettings } from '../settings.ts';
import { checkRule, createRule, deleteRule, RULE_COLUMNS, ruleOf, updateRule, type RuleInput, type RuleRow } from './rule-store.ts';

const Kind = Type.Union(RULE_KINDS.map((kind) => Type.Literal(kind)));
const QuietHours = Type.Object(
  {
    start: Type.String({ pattern: QUIET_TIME_PATTERN, description: 'local time HH:MM in the tenant’s time zone' }),
    end: Type.String({ pattern: QUIET_TIME_PATTERN, description: 'local time HH:MM; earlier than start: overnight' }),
  },
  { additionalProperties: false },
);
const Params = Type.Object(
  {
    thresholdPercent: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100, description: 'sync-conflicts: denied share that notifies (default 5)' }),
    ),
    minEvents: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100000, description: 'sync-conflicts: events an hour before it judges (default 20)' }),
    ),
  },
  { additionalProperties: false },
);
const Email = Type.String({ format: 'email', maxLength: 254 });

export const RuleBody = Type.Object(
  {
    kind: Kind,
    enabled: Type.Boolean(),
    locationId: Type.Optional(Nullable(Uuid)),
    params: Type.Optional(Params),
    recipients: Type.Array(Email, { maxItems: 20, description: 'who gets the email (none: the centre and push only)' }),
    digest: Type.Boolean({ description: 'one email an hour listing what happened, instead of one per condition' }),
    quietHours: Type.Optional(Nullable(QuietHours)),
    push: Type.Boolean({ description: 'also a web push to the office browsers that subscribed' }),
  },
  { additionalProperties: false },
);

export const RuleSchema = Type.Object({
  id: Uuid,
  kind: Kind,
  enabled: Type.Boolean(),
  locationId: Nullable(Uuid),
  params: Params,
  recipients: Type.Array(Type.String()),
  digest: Type.Boolean(),
  quietHours: Nullable(QuietHours),
  push: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

/** `/rules`: what the tenant is notified about, to whom, how (digest, quiet hours, push). */
export function registerRuleRoutes(routes: RouteRegistrar<NotificationSettings>): void {
  routes.get('/rules', {
    permission: READ,
    schema: { summary: 'The notification rules, oldest first', querystring: PageQuery({}), response: { 200: Page(RuleSchema) } },
    async handler(request) {
      const page = pageRequest(request.query);
      const after = decodeCursor(page.cursor, ['uuid']);
      const rows = await request.tx.query<RuleRow>(
        `select ${RULE_COLUMNS} from notifications.rules where ($1::uuid is null or rule_id > $1::uuid) order by rule_id limit $2`,
        [after?.[0] ?? null, page.limit + 1],
      );
      return pageOf(rows, page.limit, ruleOf, (row) => [row.rule_id]);
    },
  });

  routes.post('/rules', {
    permission: MANAGE,
    schema: { summary: 'Adds a rule', body: RuleBody, response: { 201: RuleSchema } },
    async handler(request, reply) {
      const input = request.body as RuleInput;
      await checkRule(request.tx, input);
      const rule = await createRule(request.tx, input);
      await request.tx.audit('notifications.rule.created', { ruleId: rule.id, kind: rule.kind });
      reply.status(201);
      return rule;
    },
  });

  routes.put('/rules/:id', {
    permission: MANAGE,
    schema: {
      summary: 'Changes a rule (its open conditions are judged afresh)',
      params: IdParams,
      body: RuleBody,
      response: { 200: RuleSchema },
    },
    async handler(request) {
      const input = request.body as RuleInput;
      await checkRule(request.tx, input);
      const rule = await updateRule(request.tx, request.params.id, input);
      await request.tx.audit('notifications.rule.changed', { ruleId: rule.id, kind: rule.kind, enabled: rule.enabled });
      return rule;
    },
  });

  routes.delete('/rules/:id', {
    permission: MANAGE,
    schema: { summary: 'Deletes a rule (the notifications it raised stay)', params: IdParams },
    async handler(request, reply) {
      await deleteRule(request.tx, request.params.id);
      await request.tx.audit('notifications.rule.deleted', { ruleId: request.params.id });
      reply.status(204);
      return null;
    },
  });
}
