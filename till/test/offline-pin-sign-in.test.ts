import { describe, expect, it } from 'vitest';
import { checkOfflinePin, OFFLINE_SIGN_IN_DAYS, OfflineSignInError, PIN_ATTEMPTS, rememberCashier } from '../src/auth/offline-pin.ts';
import { memoryStore, refusal } from './support/offline-credentials.ts';

const ana = { email: 'Ana@Shop.test', cashierId: 'c-ana', locationId: 'loc-1', permissions: ['core-sales:checkout'] };

describe('cashier PINs checked on the till when it is offline', () => {
  it('after an online sign-in, the same PIN opens the till offline; the PIN itself is not kept', async () => {
    const store = memoryStore();
    await rememberCashier(store, 'dev-1', ana, '2468');
    expect(await checkOfflinePin(store, 'dev-1', 'ana@shop.test', '2468')).toEqual({ ...ana, email: 'ana@shop.test' });
    const kept = [...store.entries.values()].join();
    expect(kept).not.toContain('2468');
    expect(kept).toMatch(/"hash":"[0-9a-f]{64}"/);
    // Kept per device: another pairing on the same browser knows nothing.
    expect((await refusal(checkOfflinePin(store, 'dev-2', ana.email, '2468')))?.code).toBe('unknown');
  });

  it('wrong PINs count down; the fifth erases what the till keeps, so only an online sign-in opens it', async () => {
    const store = memoryStore();
    await rememberCashier(store, 'dev-1', ana, '2468');
    for (let attempt = 1; attempt < PIN_ATTEMPTS; attempt++) {
      const wrong = await refusal(checkOfflinePin(store, 'dev-1', ana.email, '1111'));
      expect(wrong).toBeInstanceOf(OfflineSignInError);
      expect(wrong?.code).toBe('wrong_pin');
      expect(wrong?.message).toContain(`${PIN_ATTEMPTS - attempt} tries left`);
    }
    const locked = await refusal(checkOfflinePin(store, 'dev-1', ana.email, '1111'));
    expect(locked?.code).toBe('locked');
    expect(store.entries.size).toBe(0);
    expect((await refusal(checkOfflinePin(store, 'dev-1', ana.email, '2468')))?.code).toBe('unknown');
  });

  it('a right PIN resets the count; a new online sign-in does too', async () => {
    const store = memoryStore();
    await rememberCashier(store, 'dev-1', ana, '2468');
    for (let attempt = 1; attempt < PIN_ATTEMPTS; attempt++) await refusal(checkOfflinePin(store, 'dev-1', ana.email, '0000'));
    await checkOfflinePin(store, 'dev-1', ana.email, '2468');
    expect((await refusal(checkOfflinePin(store, 'dev-1', ana.email, '0000')))?.message).toContain(`${PIN_ATTEMPTS - 1} tries left`);
  });

  it(`a cashier who has not signed in online for ${OFFLINE_SIGN_IN_DAYS} days must do so (permissions change)`, async () => {
    const store = memoryStore();
    const then = new Date('2026-11-01T09:00:00Z');
    await rememberCashier(store, 'dev-1', ana, '2468', then);
    const withinAWeek = new Date(then.getTime() + (OFFLINE_SIGN_IN_DAYS - 1) * 86_400_000);
    expect((await checkOfflinePin(store, 'dev-1', ana.email, '2468', withinAWeek)).cashierId).toBe('c-ana');
    const later = new Date(then.getTime() + (OFFLINE_SIGN_IN_DAYS + 1) * 86_400_000);
    expect((await refusal(checkOfflinePin(store, 'dev-1', ana.email, '2468', later)))?.code).toBe('stale');
  });

  it('a cashier picked from the staff list (by id) and one who typed their e-mail share one credential and one count', async () => {
    const store = memoryStore();
    await rememberCashier(store, 'dev-1', ana, '2468');
    await rememberCashier(store, 'dev-1', { cashierId: 'c-ana', name: 'Ana', locationId: 'loc-1', permissions: ana.permissions }, '2468');
    expect(await checkOfflinePin(store, 'dev-1', 'c-ana', '2468')).toEqual({ ...ana, email: 'ana@shop.test', name: 'Ana' });
    await refusal(checkOfflinePin(store, 'dev-1', 'c-ana', '0000'));
    expect((await refusal(checkOfflinePin(store, 'dev-1', ana.email, '0000')))?.message).toContain(`${PIN_ATTEMPTS - 2} tries left`);
    for (let attempt = 3; attempt <= PIN_ATTEMPTS; attempt++) await refusal(checkOfflinePin(store, 'dev-1', 'c-ana', '0000'));
    // Locked by id, it is gone by e-mail too.
    expect(store.entries.size).toBe(0);
    expect((await refusal(checkOfflinePin(store, 'dev-1', ana.email, '2468')))?.code).toBe('unknown');
  });
});
