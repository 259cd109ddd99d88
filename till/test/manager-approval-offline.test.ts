import { describe, expect, it } from 'vitest';
import { freePort } from '../../testing/free-port.ts';
import { fixedToken } from '../src/auth/access-token.ts';
import { ApprovalRefused, askManagerApproval } from '../src/auth/manager-step-up.ts';
import { PIN_ATTEMPTS, rememberCashier } from '../src/auth/offline-pin.ts';
import { gatewayClient } from '../src/sync/gateway-client.ts';
import { memoryStore, refusal } from './support/offline-credentials.ts';

const maria = {
  email: 'maria@shop.test',
  name: 'Maria Manager',
  cashierId: 'manager-1',
  locationId: 'loc-1',
  permissions: ['core-sales:discount'],
};
const sam = { email: 'sam@shop.test', name: 'Sam', cashierId: 'supervisor-1', locationId: 'loc-1', permissions: ['core-sales:checkout'] };

describe('a manager’s approval when the kernel cannot be reached', () => {
  it('the till checks the PIN of a manager who signed in on it, and her permission; wrong PINs count and the fifth erases what it keeps', async () => {
    const store = memoryStore();
    await rememberCashier(store, 'dev-1', maria, '8642');
    await rememberCashier(store, 'dev-1', sam, '9753');
    const till = {
      // A port nothing listens on: the kernel is out of reach, as when the till has no network.
      api: gatewayClient(`http://127.0.0.1:${await freePort()}`, fixedToken('t')),
      store,
      deviceId: 'dev-1',
      cashierId: 'cashier-1',
    };
    const ask = (approver: { id: string; name: string } | { email: string }, pin: string) =>
      askManagerApproval(till, { approver, proof: { pin }, permission: 'core-sales:discount', action: 'discount.sale' });

    expect(await ask({ id: 'manager-1', name: 'Maria Manager' }, '8642')).toEqual({
      permission: 'core-sales:discount',
      action: 'discount.sale',
      approverId: 'manager-1',
      approverName: 'Maria Manager',
    });
    expect(await ask({ email: 'maria@shop.test' }, '8642')).toMatchObject({ approverId: 'manager-1' });

    // An authenticator code is the server's to check: offline the manager gives their PIN.
    const byCode = await refusal(
      askManagerApproval(till, {
        approver: { id: 'manager-1', name: 'Maria Manager' },
        proof: { code: '123456' },
        permission: 'core-sales:discount',
        action: 'discount.sale',
      }),
    );
    expect(byCode?.code).toBe('till.code_needs_network');

    const lacking = await refusal(ask({ id: 'supervisor-1', name: 'Sam' }, '9753'));
    expect(lacking).toBeInstanceOf(ApprovalRefused);
    expect(lacking?.code).toBe('auth.approver_lacks_permission');
    const stranger = await refusal(ask({ id: 'manager-9', name: 'Nobody' }, '1234'));
    expect(stranger?.code).toBe('till.approver_unknown_offline');

    for (let attempt = 1; attempt < PIN_ATTEMPTS; attempt++) {
      const wrong = await refusal(ask({ id: 'manager-1', name: 'Maria Manager' }, '0000'));
      expect(wrong?.code).toBe('till.wrong_pin');
      expect(wrong?.message).toContain(`${PIN_ATTEMPTS - attempt} tries left`);
    }
    expect((await refusal(ask({ id: 'manager-1', name: 'Maria Manager' }, '0000')))?.code).toBe('till.locked');
    // Erased: not even her right PIN approves offline now.
    expect((await refusal(ask({ id: 'manager-1', name: 'Maria Manager' }, '8642')))?.code).toBe('till.approver_unknown_offline');
  });

  it('the cashier who asks cannot approve for themselves', async () => {
    const store = memoryStore();
    await rememberCashier(store, 'dev-1', maria, '8642');
    const till = {
      api: gatewayClient(`http://127.0.0.1:${await freePort()}`, fixedToken('t')),
      store,
      deviceId: 'dev-1',
      cashierId: 'manager-1',
    };
    const self = await refusal(
      askManagerApproval(till, {
        approver: { id: 'manager-1', name: 'Maria Manager' },
        proof: { pin: '8642' },
        permission: 'core-sales:discount',
        action: 'discount.line',
      }),
    );
    expect(self?.code).toBe('auth.approver_is_cashier');
  });
});
