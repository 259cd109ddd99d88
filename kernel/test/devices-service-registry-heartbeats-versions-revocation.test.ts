import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import { tillEventLog } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';
import { fixturePlugin } from './support/fixtures.ts';

const DEVICES = '/api/v1/tenants/current/devices';
const HEARTBEAT = `${DEVICES}/current/heartbeat`;

type Device = {
  id: string;
  kind: string;
  model: string | null;
  address: string | null;
  version: string | null;
  status: { state: string; message: string | null; reportedAt: string | null };
  revokedAt: string | null;
  paired: boolean;
  lastSeenAt: string | null;
  pendingEvents: number | null;
  till: null | {
    lastSyncedAt: string | null;
    databaseBytes: number | null;
    peripherals: Array<{ kind: string; name: string; state: string; message?: string | null }>;
    updateRequired: boolean;
  };
};
type Alert = { deviceId: string; kind: string; message: string };
type Problem = { code: string; detail: string };
type Answer = { id: string; status: string; code?: string };

const beat = (overrides: Record<string, unknown> = {}) => ({
  version: '1.4.0',
  sinceLastSyncSeconds: 3,
  pendingEvents: 0,
  databaseBytes: 52_000,
  peripherals: [],
  ...overrides,
});

describe.each(DATABASE_KINDS)('the devices service on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ db, plugins: [fixturePlugin('tally')] });
  });
  afterAll(async () => kit?.close());

  /** A till signed in with a PIN (its cashier's token) that also holds its device key (it was paired). */
  const pairedTill = async (): Promise<TestTill & { key: string }> => {
    const till = await kit.signInTill();
    const code = await kit.request<{ code: string }>('POST', `${DEVICES}/${till.deviceId}/pairing-code`);
    const paired = await kit.request<{ deviceKey: string }>('POST', '/api/v1/auth/pair', { token: null, body: { code: code.body.code } });
    return { ...till, key: paired.body.deviceKey };
  };
  const asDevice = (key: string) => ({ token: null, headers: { authorization: `Device ${key}` } });
  const heartbeat = (key: string, body: unknown) =>
    kit.request<{ updateRequired: boolean; minimumTillVersion: string | null } & Problem>('POST', HEARTBEAT, { ...asDevice(key), body });
  const device = async (id: string) => (await kit.request<{ items: Device[] }>('GET', DEVICES)).body.items.find((d) => d.id === id)!;
  const alerts = async () => (await kit.request<{ items: Alert[] }>('GET', `${DEVICES}/alerts`)).body.items;
  const deviceCount = async () => (await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from kernel.devices'))[0]!.n;
  const tallied = async () => (await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from tally.entries'))[0]!.n;

  it('registers printers, readers and displays per location with kind, model and address; lists them by kind and location', async () => {
    const printer = await kit.request<Device>('POST', DEVICES, {
      body: {
        name: 'Back room labels',
        locationId: kit.tenant.locationId,
        kind: 'label-printer',
        model: 'Zebra ZD421 (203 dpi)',
        address: '10.0.0.7:9100',
      },
    });
    expect(printer.status).toBe(201);
    expect(printer.body).toMatchObject({
      kind: 'label-printer',
      model: 'Zebra ZD421 (203 dpi)',
      address: '10.0.0.7:9100',
      version: null,
      status: { state: 'unknown', message: null, reportedAt: null },
      paired: false,
      till: null,
    });
    const till = await kit.request<Device>('POST', DEVICES, { body: { name: 'Counter', locationId: kit.tenant.locationId } });
    expect(till.body).toMatchObject({ kind: 'till', model: null, address: null, till: { updateRequired: false, peripherals: [] } });
    const labels = await kit.request<{ items: Device[] }>('GET', `${DEVICES}?kind=label-printer&locationId=${kit.tenant.locationId}`);
    expect(labels.body.items.map((d) => d.id)).toEqual([printer.body.id]);
    const elsewhere = await kit.request<{ items: Device[] }>('GET', `${DEVICES}?locationId=01900000-0000-7000-8000-000000000000`);
    expect(elsewhere.body.items).toEqual([]);
    // Only a till is paired with a code.
    const code = await kit.request<Problem>('POST', `${DEVICES}/${printer.body.id}/pairing-code`);
    expect([code.status, code.body.code]).toEqual([409, 'tenancy.not_a_till']);
  });

  it('refuses bad registrations with a 400 problem and creates nothing', async () => {
    const before = await deviceCount();
    const bad = [
      { name: 'X', locationId: kit.tenant.locationId, kind: 'toaster' },
      { name: '   ', locationId: kit.tenant.locationId },
      { name: 'X', locationId: kit.tenant.locationId, address: 'a'.repeat(301) },
      { name: 'X', locationId: kit.tenant.locationId, colour: 'red' },
      { name: 'X', locationId: '01900000-0000-7000-8000-000000000000' },
    ];
    for (const body of bad) {
      const answer = await kit.request<Problem>('POST', DEVICES, { body });
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(answer.body.code).toBeTruthy();
    }
    expect((await kit.request<Problem>('GET', `${DEVICES}?kind=toaster`)).status).toBe(400);
    expect(await deviceCount()).toBe(before);
  });

  it("a device's reported error raises an alert, a later ok clears it; bad reports are 4xx and change nothing", async () => {
    const printer = (
      await kit.request<Device>('POST', DEVICES, { body: { name: 'Receipts', locationId: kit.tenant.locationId, kind: 'receipt-printer' } })
    ).body;
    const report = (body: unknown, token?: string) =>
      kit.request<Device & Problem>('PUT', `${DEVICES}/${printer.id}/status`, { body, ...(token ? { token } : {}) });
    const failed = await report({ state: 'error', message: 'Head open', version: 'V84.20.18Z' });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ version: 'V84.20.18Z', status: { state: 'error', message: 'Head open' } });
    expect(await alerts()).toContainEqual(expect.objectContaining({ deviceId: printer.id, kind: 'device-error', message: 'Head open' }));

    for (const body of [{ state: 'broken' }, { state: 'ok', message: 'x'.repeat(501) }, {}, { state: 'ok', extra: 1 }]) {
      const refused = await report(body);
      expect(refused.status).toBe(400);
    }
    const unknown = await kit.request<Problem>('PUT', `${DEVICES}/01900000-0000-7000-8000-000000000000/status`, { body: { state: 'ok' } });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'tenancy.unknown_device']);
    const cashier = await kit.signInTill();
    expect((await report({ state: 'ok' }, cashier.token)).status).toBe(403);
    expect((await device(printer.id)).status.state).toBe('error');

    // kernel:devices.report alone is enough (the roles that print labels hold it).
    const reporter = await kit.signInTill({ permissions: ['kernel:devices.report'] });
    const cleared = await report({ state: 'ok' }, reporter.token);
    expect(cleared.status).toBe(200);
    expect(cleared.body.status).toMatchObject({ state: 'ok', message: null });
    expect(cleared.body.version).toBe('V84.20.18Z');
    expect((await alerts()).filter((a) => a.deviceId === printer.id)).toEqual([]);

    await kit.request('POST', `${DEVICES}/${printer.id}/revoke`);
    expect((await report({ state: 'ok' })).body.code).toBe('tenancy.device_revoked');
  });

  it('a heartbeat records version, last sync, waiting events, database size and peripherals; a stuck till and a failing printer alert', async () => {
    const till = await pairedTill();
    const first = await heartbeat(till.key, beat());
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ updateRequired: false, minimumTillVersion: null, nextHeartbeatSeconds: 30 });
    const seen = await device(till.deviceId);
    expect(seen).toMatchObject({ version: '1.4.0', pendingEvents: 0, till: { databaseBytes: 52_000, peripherals: [] } });
    expect(Date.now() - Date.parse(seen.till!.lastSyncedAt!)).toBeLessThan(60_000);
    expect(seen.lastSeenAt).not.toBeNull();

    // Ten minutes without a sync while four events wait: stuck. And its receipt printer is out of paper.
    await heartbeat(
      till.key,
      beat({
        sinceLastSyncSeconds: 600,
        pendingEvents: 4,
        peripherals: [{ kind: 'receipt-printer', name: 'Receipt printer', state: 'error', message: 'Out of paper' }],
      }),
    );
    const raised = (await alerts()).filter((a) => a.deviceId === till.deviceId);
    expect(raised.map((a) => a.kind).sort()).toEqual(['peripheral-error', 'stuck-sync']);
    expect(raised.find((a) => a.kind === 'stuck-sync')!.message).toMatch(/4 events waiting/);
    expect(raised.find((a) => a.kind === 'peripheral-error')!.message).toBe('Receipt printer: Out of paper');

    // Four events waiting but a sync a minute ago is not stuck; an emptied queue clears it too.
    await heartbeat(till.key, beat({ sinceLastSyncSeconds: 60, pendingEvents: 4 }));
    expect((await alerts()).filter((a) => a.deviceId === till.deviceId)).toEqual([]);
    // The cashier's token may send it as well.
    const byCashier = await kit.request('POST', HEARTBEAT, { token: till.token, body: beat() });
    expect(byCashier.status).toBe(200);
  });

  it('registers each printer and reader a till names by address at its location, with the model and version it reports', async () => {
    const till = await pairedTill();
    const labels = await kit.request<Device>('POST', DEVICES, {
      body: { name: 'Counter labels', locationId: kit.tenant.locationId, kind: 'label-printer', address: '10.0.9.7:9100' },
    });
    const before = await deviceCount();
    const printerAt = '10.0.9.50:9100';
    /** The till's receipt printer as its heartbeat names it: by address, with what else `report` says. */
    const printerSays = (report: Record<string, unknown>) =>
      beat({ peripherals: [{ kind: 'receipt-printer', name: `Printer at ${printerAt}`, state: 'ok', address: printerAt, ...report }] });
    await heartbeat(
      till.key,
      beat({
        peripherals: [
          {
            kind: 'receipt-printer',
            name: `Printer at ${printerAt}`,
            state: 'ok',
            address: printerAt,
            model: 'TM-T88VI',
            version: '30.27 ESC/POS',
          },
          {
            kind: 'card-reader',
            name: 'Card reader Front-1',
            state: 'ok',
            address: 'tmr_FRONT1',
            model: 'bbpos_wisepos_e',
            version: '2.30.0.0',
          },
          { kind: 'label-printer', name: 'Printer at 10.0.9.7:9100', state: 'ok', address: '10.0.9.7:9100', version: 'V84.20.18Z' },
          { kind: 'scanner', name: 'Scanner', state: 'ok' },
        ],
      }),
    );
    // Two new devices (the printer and the reader); the label printer the merchant registered is the same device.
    expect(await deviceCount()).toBe(before + 2);
    const all = (await kit.request<{ items: Device[] }>('GET', DEVICES)).body.items;
    const at = (address: string) => all.find((d) => d.address === address && !d.revokedAt)!;
    expect(at(printerAt)).toMatchObject({
      kind: 'receipt-printer',
      name: `Printer at ${printerAt}`,
      model: 'TM-T88VI',
      version: '30.27 ESC/POS',
      status: { state: 'ok' },
      till: null,
    });
    expect(at(printerAt).lastSeenAt).not.toBeNull();
    expect(at('tmr_FRONT1')).toMatchObject({ kind: 'card-reader', model: 'bbpos_wisepos_e', version: '2.30.0.0' });
    expect(at('10.0.9.7:9100')).toMatchObject({
      id: labels.body.id,
      name: 'Counter labels',
      version: 'V84.20.18Z',
      status: { state: 'ok' },
    });
    expect(all.filter((d) => d.address === printerAt)).toHaveLength(1);

    // Firmware updated, and the printer runs out of paper: its own row says so and raises its own alert (not the till's).
    await heartbeat(till.key, printerSays({ state: 'error', message: 'Out of paper', version: '30.31 ESC/POS' }));
    expect(await deviceCount()).toBe(before + 2);
    const printer = await device(at(printerAt).id);
    expect(printer).toMatchObject({ model: 'TM-T88VI', version: '30.31 ESC/POS', status: { state: 'error', message: 'Out of paper' } });
    const raised = await alerts();
    expect(raised.filter((a) => a.deviceId === printer.id).map((a) => [a.kind, a.message])).toEqual([['device-error', 'Out of paper']]);
    expect(raised.filter((a) => a.deviceId === till.deviceId)).toEqual([]);

    // A report older than the state the office gave does not overwrite it; the version still counts.
    await kit.request('PUT', `${DEVICES}/${printer.id}/status`, { body: { state: 'ok' } });
    const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
    await heartbeat(till.key, printerSays({ state: 'error', message: 'Jammed', at: anHourAgo }));
    expect((await device(printer.id)).status.state).toBe('ok');

    // Revoked by the merchant: it stays revoked, and the till's next report does not register it again.
    await kit.request('POST', `${DEVICES}/${printer.id}/revoke`);
    await heartbeat(till.key, printerSays({ version: '31.0' }));
    expect(await deviceCount()).toBe(before + 2);
    expect(await device(printer.id)).toMatchObject({ version: '30.31 ESC/POS', revokedAt: expect.any(String) });
  });

  it('refuses bad heartbeats with a 4xx problem and keeps what the till said last', async () => {
    const till = await pairedTill();
    await heartbeat(till.key, beat({ pendingEvents: 2, databaseBytes: 1000 }));
    const bad = [
      beat({ version: 'banana' }),
      beat({ pendingEvents: -1 }),
      beat({ sinceLastSyncSeconds: 1.5 }),
      beat({ databaseBytes: 'big' }),
      beat({ peripherals: [{ kind: 'till', name: 'Me', state: 'ok' }] }),
      beat({ peripherals: Array.from({ length: 21 }, (_, i) => ({ kind: 'scanner', name: `S${i}`, state: 'ok' })) }),
      beat({ peripherals: [{ kind: 'scanner', name: 'S', state: 'ok', address: '   ' }] }),
      beat({ peripherals: [{ kind: 'scanner', name: 'S', state: 'ok', address: 'COM3', version: 'v'.repeat(101) }] }),
      beat({ peripherals: [{ kind: 'scanner', name: 'S', state: 'ok', address: 'COM3', model: 7 }] }),
      { ...beat(), extra: true },
      { version: '1.0.0' },
    ];
    const devicesBefore = await deviceCount();
    for (const body of bad) {
      const answer = await heartbeat(till.key, body);
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect(await deviceCount()).toBe(devicesBefore);
    expect(await device(till.deviceId)).toMatchObject({ version: '1.4.0', pendingEvents: 2, till: { databaseBytes: 1000 } });
    expect((await kit.request<Problem>('POST', HEARTBEAT, { token: null, body: beat() })).status).toBe(401);
    const admin = await kit.request<Problem>('POST', HEARTBEAT, { body: beat() });
    expect([admin.status, admin.body.code]).toEqual([401, 'auth.device_key_required']);
    const wrongKey = await heartbeat(`kitsdev_${'A'.repeat(43)}`, beat());
    expect([wrongKey.status, wrongKey.body.code]).toEqual([401, 'auth.invalid_device_key']);
  });

  it('a till older than the minimum version is told to update; its pushes are 426 and apply nothing; it still pulls', async () => {
    const till = await pairedTill();
    const event = tillEventLog(till.deviceId);
    const policy = `${DEVICES}/version-policy`;
    expect((await kit.request<Problem>('PUT', policy, { body: { minimumTillVersion: 'soon' } })).body.code).toBe('tenancy.invalid_version');
    expect((await kit.request('PUT', policy, { body: { minimumTillVersion: '2.0.0', more: 1 } })).status).toBe(400);
    expect((await kit.request('PUT', policy, { token: till.token, body: { minimumTillVersion: '2.0.0' } })).status).toBe(403);
    expect((await kit.request('GET', policy)).body).toEqual({ minimumTillVersion: null });
    try {
      expect((await kit.request('PUT', policy, { body: { minimumTillVersion: '2.0.0' } })).body).toEqual({ minimumTillVersion: '2.0.0' });
      const told = await heartbeat(till.key, beat({ version: '1.9.3' }));
      expect(told.body).toMatchObject({ updateRequired: true, minimumTillVersion: '2.0.0' });
      expect((await device(till.deviceId)).till!.updateRequired).toBe(true);
      expect(await alerts()).toContainEqual(expect.objectContaining({ deviceId: till.deviceId, kind: 'update-required' }));

      const before = await tallied();
      const sale = event('tally.entry.add', { amount: 7 });
      const refused = await kit.request<Problem & { minimumTillVersion: string }>('POST', '/api/v1/sync/push', {
        token: till.token,
        body: { events: [sale] },
      });
      expect(refused.status).toBe(426);
      expect(refused.body).toMatchObject({ code: 'till.update_required', minimumTillVersion: '2.0.0' });
      expect(await tallied()).toBe(before);
      const pulled = await kit.request('POST', '/api/v1/sync/pull/tally.entries', {
        token: till.token,
        body: { checkpoint: null, limit: 10 },
      });
      expect(pulled.status).toBe(200);

      // Updated: the same event goes through, once.
      expect((await heartbeat(till.key, beat({ version: '2.0.1' }))).body.updateRequired).toBe(false);
      const pushed = await kit.request<{ answers: Answer[] }>('POST', '/api/v1/sync/push', { token: till.token, body: { events: [sale] } });
      expect(pushed.body.answers.map((a) => a.status)).toEqual(['accepted']);
      expect(await tallied()).toBe(before + 1);
    } finally {
      await kit.request('PUT', policy, { body: { minimumTillVersion: null } });
    }
  });

  it('a revoked till is refused at once; it pushes what it recorded before (answered erase: true), nothing after', async () => {
    const till = await pairedTill();
    const other = await pairedTill();
    const event = tillEventLog(till.deviceId);
    const earlier = event('tally.entry.add', { amount: 11 }, new Date(Date.now() - 60_000).toISOString());
    const staff = (key: string) => kit.request<Problem>('GET', '/api/v1/auth/devices/current/staff', asDevice(key));
    expect((await staff(till.key)).status).toBe(200);

    const revoked = await kit.request<Device>('POST', `${DEVICES}/${till.deviceId}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const again = await kit.request<Device>('POST', `${DEVICES}/${till.deviceId}/revoke`);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);

    // Every request with its key or a cashier token issued on it: 401 auth.device_revoked.
    const refusals = await Promise.all([
      staff(till.key),
      heartbeat(till.key, beat()),
      kit.request<Problem>('GET', '/api/v1/auth/me', { token: till.token }),
      kit.request<Problem>('POST', '/api/v1/sync/pull/tally.entries', { token: till.token, body: { checkpoint: null, limit: 1 } }),
      kit.request<Problem>('POST', '/api/v1/sync/push', { token: till.token, body: { events: [earlier] } }),
      kit.request<Problem>('POST', '/api/v1/auth/pin-login', {
        token: null,
        body: { tenant: kit.tenant.slug, deviceId: till.deviceId, email: till.email, pin: till.pin },
      }),
    ]);
    expect(refusals.map((r) => [r.status, r.body.code])).toEqual([
      [401, 'auth.device_revoked'],
      [401, 'auth.device_revoked'],
      [401, 'auth.device_revoked'],
      [401, 'auth.device_revoked'],
      [401, 'auth.device_revoked'],
      [401, 'auth.device_revoked'],
    ]);
    expect((await kit.request<Problem>('POST', `${DEVICES}/${till.deviceId}/pairing-code`)).body.code).toBe('tenancy.device_revoked');
    // Another till is untouched.
    expect((await staff(other.key)).status).toBe(200);

    // The last push, with its key: the sale recorded before the revocation applies; one recorded after does not.
    const before = await tallied();
    const later = event('tally.entry.add', { amount: 13 }, new Date(Date.now() + 60_000).toISOString());
    const last = await kit.request<{ answers: Answer[]; erase: boolean }>('POST', '/api/v1/sync/push', {
      ...asDevice(till.key),
      body: { events: [earlier, later] },
    });
    expect(last.body).toMatchObject({ erase: true });
    expect(last.status).toBe(200);
    expect(last.body.erase).toBe(true);
    expect(last.body.answers.map((a) => [a.status, a.code])).toEqual([
      ['accepted', undefined],
      ['denied', 'sync.device_revoked'],
    ]);
    expect(await tallied()).toBe(before + 1);
    // Sent again (the answer was lost): duplicates, still erase.
    const replay = await kit.request<{ answers: Answer[]; erase: boolean }>('POST', '/api/v1/sync/push', {
      ...asDevice(till.key),
      body: { events: [earlier, later] },
    });
    expect(replay.body.answers.map((a) => a.status)).toEqual(['duplicate', 'duplicate']);
    expect(await tallied()).toBe(before + 1);
    // A live till's key pushes nothing (its cashier does).
    const live = await kit.request<Problem>('POST', '/api/v1/sync/push', {
      ...asDevice(other.key),
      body: { events: [tillEventLog(other.deviceId)('tally.entry.add', { amount: 1 })] },
    });
    expect(live.status).toBe(403);
    // Unknown device: 404; the revocation is in the audit log.
    expect((await kit.request('POST', `${DEVICES}/01900000-0000-7000-8000-000000000000/revoke`)).status).toBe(404);
    const audit = await kit.kernel.db.query<{ n: number }>(
      "select count(*)::int as n from kernel.audit_log where action = 'tenancy.device.revoked' and detail->>'deviceId' = $1",
      [till.deviceId],
    );
    expect(audit[0]!.n).toBe(1);
  });
});
