import type { RuleKind, RuleParams } from './rule-kinds.ts';
import type { QuietHours } from './schedule.ts';

/** A rule as the API answers it (`/api/v1/notifications/rules`), read by the office as the server writes it. */
export interface Rule {
  readonly id: string;
  readonly kind: RuleKind;
  readonly enabled: boolean;
  readonly locationId: string | null;
  readonly params: RuleParams;
  readonly recipients: readonly string[];
  readonly digest: boolean;
  readonly quietHours: QuietHours | null;
  readonly push: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}
