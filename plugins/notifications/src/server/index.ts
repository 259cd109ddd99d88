import { definePlugin } from '@kits/plugin-sdk';
import { registerCentreRoutes } from './centre/centre-routes.ts';
import { watchEvents } from './conditions/event-watchers.ts';
import { watchPolled } from './conditions/polled-watchers.ts';
import { deliverMail, deliverPush } from './delivery/deliver.ts';
import { ensureVapidKeys, pushEndpointPolicy } from './delivery/push.ts';
import { registerRuleRoutes } from './rules/rule-routes.ts';
import { addStarterRules } from './rules/starter-rules.ts';
import type { NotificationSettings } from './settings.ts';

/** How often polled conditions (stuck tills, overdue orders, conflict rates) are looked at. */
const WATCH_EVERY_MS = 5_000;
/** How often due emails and pushes go out. */
const DELIVER_EVERY_MS = 2_000;

/** notifications: rules, the conditions they watch (no flood), and their delivery by email, the office's centre and web push. */
export default definePlugin<NotificationSettings>({
  register({ routes, events, jobs, operator }) {
    const allowedPushEndpoint = pushEndpointPolicy(operator);
    registerRuleRoutes(routes);
    registerCentreRoutes(routes, allowedPushEndpoint);
    watchEvents(events);
    jobs.every('watch', WATCH_EVERY_MS, watchPolled);
    jobs.every('deliver-mail', DELIVER_EVERY_MS, deliverMail, { timeLimitMs: 120_000 });
    jobs.every('deliver-push', DELIVER_EVERY_MS, (context) => deliverPush(context, allowedPushEndpoint), { timeLimitMs: 120_000 });
  },
  async onEnable({ tx }) {
    await ensureVapidKeys(tx);
    await addStarterRules(tx);
  },
});
