import type { OfficeApi } from '@kits/plugin-sdk/office';

// The signed-in person's own identity as the kernel answers it (docs/identity.md): their sessions,
// their second factor, their password.

/** One sign-in (a family of refresh tokens): which client, how, from where, when. */
export interface SignInSession {
  readonly id: string;
  readonly client: 'office' | 'till';
  readonly method: 'password' | 'sso' | 'pin';
  /** The till signed in on, for a till session. */
  readonly deviceName: string | null;
  readonly userAgent: string | null;
  readonly address: string | null;
  /** Signed in with a second factor as well (a TOTP or recovery code). */
  readonly secondFactor?: boolean;
  readonly createdAt: string;
  readonly lastUsedAt: string;
  /** The session this browser signed in with. */
  readonly current: boolean;
}

/** Whether the person signs in with a TOTP code, and whether the shop's policy requires it of them. */
export interface SecondFactorStatus {
  readonly enrolled: boolean;
  readonly confirmedAt: string | null;
  readonly recoveryCodesLeft: number;
  readonly required: boolean;
}

export const SESSIONS = '/api/v1/auth/sessions';
export const SECOND_FACTOR = '/api/v1/auth/second-factor';
export const PASSWORD = '/api/v1/auth/password';

/** Turns two-step verification off; the kernel asks a current code for it. */
export function turnOffSecondFactor(api: OfficeApi, code: string): Promise<null> {
  return api.post<null>(`${SECOND_FACTOR}/removal`, { code });
}
