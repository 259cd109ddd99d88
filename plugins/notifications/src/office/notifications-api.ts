import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import type { RuleKind } from '../shared/rule-kinds.ts';
import type { Rule } from '../shared/rule.ts';

export const API = '/api/v1/notifications';
export const READ = 'notifications:read';
export const MANAGE = 'notifications:manage';
/** Sent on `window` when notifications were read here: the bell counts again at once. */
export const CHANGED = 'kits:notifications:changed';

export interface OfficeNotification {
  readonly id: string;
  readonly kind: RuleKind;
  readonly title: string;
  readonly body: string;
  /** The office page, below /office. */
  readonly link: string;
  readonly createdAt: string;
  readonly readAt: string | null;
  readonly email: { readonly state: 'none' | 'waiting' | 'sent' | 'failed'; readonly dueAt: string | null; readonly error: string | null };
}

/** A rule as the office reads it (the server's answer). */
export type OfficeRule = Omit<Rule, 'createdAt' | 'updatedAt'>;

export type RuleDraft = Omit<OfficeRule, 'id'>;

export const unreadCount = (context: OfficePluginContext, signal?: AbortSignal) =>
  context.api.get<{ unread: number }>(`${API}/notifications/unread-count`, signal ? { signal } : {}).then((a) => a.unread);

export const listNotifications = (context: OfficePluginContext, unread: boolean, signal?: AbortSignal) =>
  context.api
    .get<{ items: OfficeNotification[] }>(`${API}/notifications`, {
      query: { limit: 200, ...(unread ? { unread: true } : {}) },
      ...(signal ? { signal } : {}),
    })
    .then((a) => a.items);

export const markRead = (context: OfficePluginContext, id: string) =>
  context.api.post<OfficeNotification>(`${API}/notifications/${id}/read`);
export const markAllRead = (context: OfficePluginContext) => context.api.post<{ marked: number }>(`${API}/notifications/read-all`);

export const listRules = (context: OfficePluginContext, signal?: AbortSignal) =>
  context.api.get<{ items: OfficeRule[] }>(`${API}/rules`, { query: { limit: 200 }, ...(signal ? { signal } : {}) }).then((a) => a.items);
export const saveRule = (context: OfficePluginContext, id: string | undefined, draft: RuleDraft) =>
  id ? context.api.put<OfficeRule>(`${API}/rules/${id}`, draft) : context.api.post<OfficeRule>(`${API}/rules`, draft);
export const deleteRule = (context: OfficePluginContext, id: string) => context.api.delete<null>(`${API}/rules/${id}`);

export const announceChange = () => dispatchEvent(new Event(CHANGED));
