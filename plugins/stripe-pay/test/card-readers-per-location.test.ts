import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, DATABASE_KINDS, presentCard, registerReader, stripeKit, type StripeKit } from './support.ts';

describe.each(DATABASE_KINDS)('card readers per location on %s', (db) => {
  let s: StripeKit;
  const readers = async () =>
    (
      await s.kit.request<{ items: Array<{ id: string; label: string; deviceId: string | null; locationId: string }> }>(
        'GET',
        '/api/v1/stripe-pay/readers',
      )
    ).body.items;

  beforeAll(async () => {
    s = await stripeKit(db);
  });
  afterAll(async () => s?.close());

  it('registers a reader with its code at a location (making the Stripe Terminal Location once), lists it, renames it and pairs it with a till', async () => {
    const front = await registerReader(s.kit, { label: 'Front-1' });
    expect(front).toMatchObject({ label: 'Front-1', locationId: s.kit.tenant.locationId, deviceId: null });
    expect(front.id).toMatch(/^tmr_/);
    const locationCalls = s.double.requests.filter((r) => r.path === '/v1/terminal/locations');
    expect(locationCalls).toHaveLength(1);
    expect(locationCalls[0]!.params).toMatchObject({
      display_name: 'Main Street Store',
      address: { line1: ADDRESS.line1, country: 'DE', postal_code: '10115' },
    });
    // The second reader of the location needs no address: the Terminal Location is known.
    const back = await registerReader(s.kit, { label: 'Back-2', address: undefined as unknown as Record<string, string> });
    expect(s.double.requests.filter((r) => r.path === '/v1/terminal/locations')).toHaveLength(1);
    expect(s.double.reader(back.id)).toMatchObject({ label: 'Back-2', location: s.double.reader(front.id)!.location });

    const list = await s.kit.request<{ items: unknown[]; locations: unknown[]; webhookPath: string }>('GET', '/api/v1/stripe-pay/readers');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ label: 'Back-2', locationName: 'Main Street Store', deviceType: 'simulated_wisepos_e' }),
      expect.objectContaining({ label: 'Front-1' }),
    ]);
    expect(list.body.webhookPath).toBe(`/webhooks/stripe-pay/${s.kit.tenant.id}/stripe`);

    const till = await s.kit.signInTill();
    const paired = await s.kit.request('PATCH', `/api/v1/stripe-pay/readers/${back.id}`, {
      body: { label: 'Back-1', deviceId: till.deviceId },
    });
    expect(paired.status).toBe(200);
    expect(paired.body).toMatchObject({ label: 'Back-1', deviceId: till.deviceId });

    // Two readers at the location: a payment goes to the till's paired reader; without a till, the cashier is told to pair one.
    const onTill = await s.payments.authorize({
      method: 'card',
      amount: 700,
      currency: 'EUR',
      saleId: 's-pair-1',
      tenderId: 't1',
      deviceId: till.deviceId,
      locationId: till.locationId,
      idempotencyKey: 'k-pair-1',
    });
    expect(onTill.action).toMatchObject({ reader: 'Back-1', message: 'Present card on reader Back-1' });
    await expect(
      s.payments.authorize({
        method: 'card',
        amount: 700,
        currency: 'EUR',
        saleId: 's-pair-2',
        tenderId: 't1',
        locationId: till.locationId,
        idempotencyKey: 'k-pair-2',
      }),
    ).rejects.toMatchObject({ code: 'stripe-pay.reader_ambiguous', status: 409 });
    // A reader busy with the first payment answers reader_busy for a second one; offline answers reader_offline.
    const busy = await s.payments.authorize({
      method: 'card',
      amount: 800,
      currency: 'EUR',
      saleId: 's-pair-3',
      tenderId: 't1',
      reader: 'Back-1',
      idempotencyKey: 'k-pair-3',
    });
    expect(busy).toMatchObject({ state: 'declined', decline: { reason: 'reader_busy' } });
    await presentCard(s.double, back.id);
    s.double.setReaderStatus(front.id, 'offline');
    const offline = await s.payments.authorize({
      method: 'card',
      amount: 800,
      currency: 'EUR',
      saleId: 's-pair-4',
      tenderId: 't1',
      reader: 'Front-1',
      idempotencyKey: 'k-pair-4',
    });
    expect(offline).toMatchObject({ state: 'declined', decline: { reason: 'reader_offline' } });
    expect(offline.decline!.message).toMatch(/offline/);
    s.double.setReaderStatus(front.id, 'online');
  });

  it('refuses bad input with a problem and changes nothing (no Stripe call either)', async () => {
    const before = await readers();
    const stripeCalls = s.double.requests.length;
    const other = await s.kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', {
      body: { name: 'Warehouse Two', kind: 'store' },
    });
    const refusals: Array<[string, string, Record<string, unknown>, number, string?]> = [
      ['POST', '/api/v1/stripe-pay/readers', { label: 'X', locationId: s.kit.tenant.locationId }, 400, 'request.invalid'],
      ['POST', '/api/v1/stripe-pay/readers', { registrationCode: 'simulated-wpe', label: '  ', locationId: s.kit.tenant.locationId }, 400],
      ['POST', '/api/v1/stripe-pay/readers', { registrationCode: 'simulated-wpe', label: 'Y', locationId: 'not-a-uuid' }, 400],
      [
        'POST',
        '/api/v1/stripe-pay/readers',
        { registrationCode: 'simulated-wpe', label: 'Y', locationId: s.kit.tenant.locationId, extra: 1 },
        400,
      ],
      [
        'POST',
        '/api/v1/stripe-pay/readers',
        { registrationCode: 'simulated-wpe', label: 'front-1', locationId: s.kit.tenant.locationId },
        409,
        'stripe-pay.label_taken',
      ],
      [
        'POST',
        '/api/v1/stripe-pay/readers',
        { registrationCode: 'simulated-wpe', label: 'Y', locationId: '01900000-0000-7000-8000-000000000000' },
        422,
        'stripe-pay.location_unknown',
      ],
      [
        'POST',
        '/api/v1/stripe-pay/readers',
        { registrationCode: 'simulated-wpe', label: 'Y', locationId: other.body.id },
        422,
        'stripe-pay.address_required',
      ],
      [
        'POST',
        '/api/v1/stripe-pay/readers',
        {
          registrationCode: 'simulated-wpe',
          label: 'Y',
          locationId: s.kit.tenant.locationId,
          deviceId: '01900000-0000-7000-8000-000000000001',
        },
        422,
        'stripe-pay.till_unknown',
      ],
      ['PATCH', `/api/v1/stripe-pay/readers/${before[0]!.id}`, {}, 400],
      ['PATCH', `/api/v1/stripe-pay/readers/${before[0]!.id}`, { label: 'Front-1' }, 409, 'stripe-pay.label_taken'],
      ['PATCH', '/api/v1/stripe-pay/readers/tmr_nosuchreader', { label: 'Z' }, 404, 'stripe-pay.reader_not_found'],
      ['PATCH', '/api/v1/stripe-pay/readers/not-a-reader', { label: 'Z' }, 400],
      ['DELETE', '/api/v1/stripe-pay/readers/tmr_nosuchreader', {}, 404, 'stripe-pay.reader_not_found'],
    ];
    for (const [method, url, body, status, code] of refusals) {
      const response = await s.kit.request<{ code: string }>(method, url, method === 'DELETE' ? {} : { body });
      expect({ method, url, body, status: response.status }).toEqual({ method, url, body, status });
      if (code) expect(response.body.code).toBe(code);
    }
    expect(await readers()).toEqual(before);
    expect(s.double.requests.length).toBe(stripeCalls);

    // A code Stripe does not take is a 422 on the code field, and nothing is recorded.
    const bad = await s.kit.request<{ code: string; field: string }>('POST', '/api/v1/stripe-pay/readers', {
      body: { registrationCode: 'purple-llama-42', label: 'New-1', locationId: s.kit.tenant.locationId },
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: 'stripe-pay.registration_code_rejected', field: 'body.registrationCode' });
    expect(await readers()).toEqual(before);
  });

  it('a till is paired with one reader at most, of its own location', async () => {
    const [first, second] = await readers();
    const till = await s.kit.signInTill();
    expect((await s.kit.request('PATCH', `/api/v1/stripe-pay/readers/${first!.id}`, { body: { deviceId: till.deviceId } })).status).toBe(
      200,
    );
    const twice = await s.kit.request<{ code: string }>('PATCH', `/api/v1/stripe-pay/readers/${second!.id}`, {
      body: { deviceId: till.deviceId },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('stripe-pay.till_paired');
    const unpaired = await s.kit.request('PATCH', `/api/v1/stripe-pay/readers/${first!.id}`, { body: { deviceId: null } });
    expect(unpaired.body).toMatchObject({ deviceId: null });
  });

  it('removes a reader here and at Stripe', async () => {
    const reader = await registerReader(s.kit, { label: 'Temp-9' });
    const removed = await s.kit.request('DELETE', `/api/v1/stripe-pay/readers/${reader.id}`);
    expect(removed.status).toBe(204);
    expect((await readers()).map((r) => r.label)).not.toContain('Temp-9');
    expect(s.double.reader(reader.id)).toBeUndefined();
  });

  it('needs stripe-pay:readers.read to list and .write to change; a cashier without them is refused', async () => {
    const till = await s.kit.signInTill({ permissions: [] });
    expect((await s.kit.request('GET', '/api/v1/stripe-pay/readers', { token: till.token })).status).toBe(403);
    const reader = (await readers())[0]!;
    const rename = await s.kit.request('PATCH', `/api/v1/stripe-pay/readers/${reader.id}`, {
      token: till.token,
      body: { label: 'Hacked' },
    });
    expect(rename.status).toBe(403);
    expect((await readers())[0]!.label).toBe(reader.label);
  });

  it('keeps every table of its schema under row-level security', async () => {
    expect((await s.kit.tablesWithoutTenantIsolation()).filter((t) => t.startsWith('stripe_pay.'))).toEqual([]);
  });
});
