import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePublisherKeys, integrityOf, signStatement, yankStatement, type PublisherKeyPair } from '@kits/plugin-sdk/release';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATABASE_KINDS,
  pack,
  rawTarball,
  signedHeaders,
  startRegistry,
  writePlugin,
  type RegistryHarness,
} from './support/registry-harness.ts';

type Problem = { code: string; detail: string; problems?: Array<{ path: string }> };

describe.each(DATABASE_KINDS)('the registry on %s', (db) => {
  let harness: RegistryHarness;
  let work: string;
  const acme: PublisherKeyPair = generatePublisherKeys();
  const other: PublisherKeyPair = generatePublisherKeys();
  const json = <T>(body: string) => JSON.parse(body) as T;
  const operator = () => ({ authorization: `Bearer ${harness.operatorToken}` });
  const register = (name: string, keys: PublisherKeyPair) =>
    harness.app.inject({ method: 'POST', url: '/v1/publishers', headers: operator(), payload: { name, publicKey: keys.publicKey } });
  const publish = (tarball: Buffer, headers: Record<string, string>) =>
    harness.app.inject({ method: 'POST', url: '/v1/releases', headers, payload: tarball });

  beforeAll(async () => {
    harness = await startRegistry(db);
    work = mkdtempSync(join(tmpdir(), 'kits-registry-plugins-'));
    expect((await register('acme', acme)).statusCode).toBe(201);
    expect((await register('other-co', other)).statusCode).toBe(201);
  });
  afterAll(async () => {
    await harness?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('publishes a signed release, lists it with what it does and asks, and serves the very bytes', async () => {
    const dir = writePlugin(work, {
      id: 'loyalty-stamps',
      displayName: 'Loyalty Stamps',
      description: 'A stamp card per customer',
      permissions: ['loyalty-stamps:award'],
    });
    const packed = await pack(dir);
    const published = await publish(packed.tarball, signedHeaders(packed.tarball, 'acme', acme));
    expect(published.statusCode).toBe(201);
    expect(json(published.body)).toMatchObject({
      pluginId: 'loyalty-stamps',
      version: '1.0.0',
      publisher: 'acme',
      integrity: packed.integrity,
    });

    const found = await harness.app.inject({ method: 'GET', url: '/v1/plugins?q=stamp' });
    expect(json<{ items: unknown[] }>(found.body).items).toEqual([
      {
        id: 'loyalty-stamps',
        publisher: 'acme',
        displayName: 'Loyalty Stamps',
        description: 'A stamp card per customer',
        latest: '1.0.0',
        kernel: '^1.0.0',
        permissions: ['loyalty-stamps:award'],
        provides: [],
        requires: {},
        versions: ['1.0.0'],
        yankedVersions: [],
      },
    ]);
    const tarball = await harness.app.inject({ method: 'GET', url: '/v1/plugins/loyalty-stamps/versions/1.0.0/tarball' });
    expect(tarball.statusCode).toBe(200);
    expect(tarball.headers['content-type']).toBe('application/gzip');
    expect(integrityOf(tarball.rawPayload)).toBe(packed.integrity);
    const release = json<{ signature: string; manifest: { id: string } }>(
      (await harness.app.inject({ method: 'GET', url: '/v1/plugins/loyalty-stamps/versions/1.0.0' })).body,
    );
    expect(release.signature).toBe(signedHeaders(packed.tarball, 'acme', acme)['kits-signature']);
    expect(release.manifest.id).toBe('loyalty-stamps');
    // Stored content-addressed: the file's name is its sha512.
    const stored = (await harness.snapshot()) as { files: string[] };
    const hex = Buffer.from(packed.integrity.slice(7), 'base64').toString('hex');
    expect(stored.files).toContain(join(harness.filesDir, 'sha512', hex.slice(0, 2), `${hex}.tgz`));
  });

  describe('refuses, naming the reason, and stores nothing', () => {
    const cases: Array<[string, () => Promise<{ tarball: Buffer; headers: Record<string, string> }>, number, string]> = [
      [
        'a version that is already published',
        async () => {
          const packed = await pack(writePlugin(work, { id: 'loyalty-stamps', description: 'changed' }));
          return { tarball: packed.tarball, headers: signedHeaders(packed.tarball, 'acme', acme) };
        },
        409,
        'registry.version_exists',
      ],
      [
        'a manifest that fails the schema',
        async () => {
          const tarball = await rawTarball(
            writePlugin(work, { id: 'broken', manifest: { id: 'broken', kernel: '^1.0.0', colour: 'red' } }),
          );
          return { tarball, headers: signedHeaders(tarball, 'acme', acme) };
        },
        422,
        'registry.invalid_manifest',
      ],
      [
        'a tarball whose hash does not match the integrity declared',
        async () => {
          const packed = await pack(writePlugin(work, { id: 'tampered' }));
          const headers = signedHeaders(packed.tarball, 'acme', acme);
          const tarball = Buffer.from(packed.tarball);
          tarball[tarball.length - 10]! ^= 0xff;
          return { tarball, headers };
        },
        400,
        'registry.integrity_mismatch',
      ],
      [
        'a publisher the registry does not know',
        async () => {
          const packed = await pack(writePlugin(work, { id: 'stranger' }));
          return { tarball: packed.tarball, headers: signedHeaders(packed.tarball, 'nobody', generatePublisherKeys()) };
        },
        403,
        'registry.unknown_publisher',
      ],
      [
        "a signature by another key than the publisher's",
        async () => {
          const packed = await pack(writePlugin(work, { id: 'forged' }));
          return { tarball: packed.tarball, headers: signedHeaders(packed.tarball, 'acme', other) };
        },
        403,
        'registry.bad_signature',
      ],
      [
        'a plugin id another publisher owns',
        async () => {
          const packed = await pack(writePlugin(work, { id: 'loyalty-stamps', version: '2.0.0' }));
          return { tarball: packed.tarball, headers: signedHeaders(packed.tarball, 'other-co', other) };
        },
        403,
        'registry.not_owner',
      ],
      [
        'an upload without its signature',
        async () => {
          const packed = await pack(writePlugin(work, { id: 'unsigned' }));
          const headers = signedHeaders(packed.tarball, 'acme', acme);
          delete headers['kits-signature'];
          return { tarball: packed.tarball, headers };
        },
        401,
        'registry.unsigned',
      ],
      [
        'a file that is not a gzipped tarball',
        async () => {
          const tarball = Buffer.from('definitely not a tarball');
          return { tarball, headers: signedHeaders(tarball, 'acme', acme) };
        },
        400,
        'registry.invalid_tarball',
      ],
      [
        'a tarball with files outside package/',
        async () => {
          const tarball = await rawTarball(writePlugin(work, { id: 'outside' }), 'elsewhere');
          return { tarball, headers: signedHeaders(tarball, 'acme', acme) };
        },
        400,
        'registry.invalid_tarball',
      ],
      [
        'a manifest whose server entry is not in the tarball',
        async () => {
          const dir = writePlugin(work, { id: 'unbuilt' });
          rmSync(join(dir, 'server.js'));
          const tarball = await rawTarball(dir);
          return { tarball, headers: signedHeaders(tarball, 'acme', acme) };
        },
        422,
        'registry.invalid_manifest',
      ],
      [
        'a tarball larger than the registry takes',
        async () => {
          const dir = writePlugin(work, { id: 'huge' });
          writeFileSync(join(dir, 'blob.bin'), Buffer.from(Array.from({ length: 200_000 }, () => Math.floor(Math.random() * 256))));
          const tarball = await rawTarball(dir);
          return { tarball, headers: signedHeaders(tarball, 'acme', acme) };
        },
        413,
        'request.too_large',
      ],
    ];
    it.each(cases)('%s', async (_name, make, status, code) => {
      const { tarball, headers } = await make();
      const before = await harness.snapshot();
      const response = await publish(tarball, headers);
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      const problem = json<Problem>(response.body);
      expect(problem.code).toBe(code);
      expect(problem.detail.length).toBeGreaterThan(20);
      expect(await harness.snapshot()).toEqual(before);
    });

    it('names each field of a manifest that fails the schema', async () => {
      const tarball = await rawTarball(writePlugin(work, { id: 'broken', manifest: { id: 'Broken Id', kernel: 'soon' } }));
      const response = await publish(tarball, signedHeaders(tarball, 'acme', acme));
      expect(json<Problem>(response.body).problems!.map((p) => p.path)).toEqual(expect.arrayContaining(['id', '']));
    });

    it('a body sent as JSON is 415', async () => {
      const before = await harness.snapshot();
      const response = await harness.app.inject({ method: 'POST', url: '/v1/releases', payload: { tarball: 'x' } });
      expect(response.statusCode).toBe(415);
      expect(await harness.snapshot()).toEqual(before);
    });
  });

  describe('publishers are registered by the operator only', () => {
    it.each([
      ['no operator token', {}, { name: 'sneaky', publicKey: generatePublisherKeys().publicKey }, 401, 'auth.required'],
      [
        'a wrong operator token',
        { authorization: 'Bearer not-the-token' },
        { name: 'sneaky', publicKey: generatePublisherKeys().publicKey },
        403,
        'auth.forbidden',
      ],
      [
        'a name that cannot be a publisher name',
        'operator',
        { name: 'Sneaky Co', publicKey: generatePublisherKeys().publicKey },
        400,
        'registry.invalid_publisher_name',
      ],
      ['a key that is not an ed25519 key', 'operator', { name: 'sneaky', publicKey: 'ssh-rsa AAAA' }, 400, 'registry.invalid_public_key'],
      [
        'a name already taken',
        'operator',
        { name: 'acme', publicKey: generatePublisherKeys().publicKey },
        409,
        'registry.publisher_exists',
      ],
      ['a key already registered', 'operator', { name: 'acme-two', publicKey: acme.publicKey }, 409, 'registry.publisher_exists'],
      ['unknown fields', 'operator', { name: 'sneaky', publicKey: generatePublisherKeys().publicKey, admin: true }, 400, 'request.invalid'],
    ] as const)('%s → %i %s, nothing written', async (_name, auth, payload, status, code) => {
      const before = await harness.snapshot();
      const headers = auth === 'operator' ? operator() : auth;
      const response = await harness.app.inject({ method: 'POST', url: '/v1/publishers', headers, payload });
      expect(response.statusCode).toBe(status);
      expect(json<Problem>(response.body).code).toBe(code);
      expect(await harness.snapshot()).toEqual(before);
    });
  });

  describe('yanking', () => {
    beforeAll(async () => {
      for (const version of ['1.1.0', '1.2.0']) {
        const packed = await pack(writePlugin(work, { id: 'loyalty-stamps', version }));
        expect((await publish(packed.tarball, signedHeaders(packed.tarball, 'acme', acme))).statusCode).toBe(201);
      }
    });

    it.each([
      ['no signature and no operator token', {}, 401, 'auth.required'],
      [
        "another publisher's signature",
        { 'kits-signature': signStatement(other.privateKeyPem, yankStatement('loyalty-stamps', '1.2.0')) },
        403,
        'registry.bad_signature',
      ],
      [
        "the publisher's signature of another release",
        { 'kits-signature': signStatement(acme.privateKeyPem, yankStatement('loyalty-stamps', '1.1.0')) },
        403,
        'registry.bad_signature',
      ],
    ] as const)('is refused with %s, nothing written', async (_name, headers, status, code) => {
      const before = await harness.snapshot();
      const response = await harness.app.inject({
        method: 'POST',
        url: '/v1/plugins/loyalty-stamps/versions/1.2.0/yank',
        headers,
        payload: { reason: 'broken receipts' },
      });
      expect(response.statusCode).toBe(status);
      expect(json<Problem>(response.body).code).toBe(code);
      expect(await harness.snapshot()).toEqual(before);
    });

    it('an unknown release is 404 and a missing reason 400, nothing written', async () => {
      const before = await harness.snapshot();
      const unknown = await harness.app.inject({
        method: 'POST',
        url: '/v1/plugins/loyalty-stamps/versions/9.9.9/yank',
        headers: operator(),
        payload: { reason: 'x' },
      });
      expect(json<Problem>(unknown.body).code).toBe('registry.release_not_found');
      const noReason = await harness.app.inject({
        method: 'POST',
        url: '/v1/plugins/loyalty-stamps/versions/1.2.0/yank',
        headers: operator(),
        payload: {},
      });
      expect(noReason.statusCode).toBe(400);
      expect(await harness.snapshot()).toEqual(before);
    });

    it("the publisher's signed yank takes the release out of the installable versions, and keeps it listed as yanked", async () => {
      const response = await harness.app.inject({
        method: 'POST',
        url: '/v1/plugins/loyalty-stamps/versions/1.2.0/yank',
        headers: { 'kits-signature': signStatement(acme.privateKeyPem, yankStatement('loyalty-stamps', '1.2.0')) },
        payload: { reason: 'broken receipts' },
      });
      expect(response.statusCode).toBe(200);
      expect(json(response.body)).toMatchObject({ yanked: true, yankReason: 'broken receipts' });
      const plugin = json<{ latest: string; versions: string[]; yankedVersions: string[] }>(
        (await harness.app.inject({ method: 'GET', url: '/v1/plugins/loyalty-stamps' })).body,
      );
      expect(plugin).toMatchObject({ latest: '1.1.0', versions: ['1.1.0', '1.0.0'], yankedVersions: ['1.2.0'] });
      // The operator may yank too.
      const byOperator = await harness.app.inject({
        method: 'POST',
        url: '/v1/plugins/loyalty-stamps/versions/1.1.0/yank',
        headers: operator(),
        payload: { reason: 'recalled' },
      });
      expect(json(byOperator.body)).toMatchObject({ yanked: true, yankReason: 'recalled' });
    });
  });

  it('searches by id, name or description, a page at a time', async () => {
    for (const id of ['gift-cards', 'gift-wrap', 'label-printer']) {
      const packed = await pack(
        writePlugin(work, { id, displayName: id.replace('-', ' '), description: id === 'label-printer' ? 'Prints gift labels' : 'x' }),
      );
      expect((await publish(packed.tarball, signedHeaders(packed.tarball, 'other-co', other))).statusCode).toBe(201);
    }
    const first = json<{ items: Array<{ id: string }>; nextCursor: string }>(
      (await harness.app.inject({ method: 'GET', url: '/v1/plugins?q=gift&limit=2' })).body,
    );
    expect(first.items.map((item) => item.id)).toEqual(['gift-cards', 'gift-wrap']);
    const second = json<{ items: Array<{ id: string }>; nextCursor: string | null }>(
      (await harness.app.inject({ method: 'GET', url: `/v1/plugins?q=gift&limit=2&cursor=${first.nextCursor}` })).body,
    );
    expect(second).toEqual({ items: [expect.objectContaining({ id: 'label-printer', publisher: 'other-co' })], nextCursor: null });
    const bad = await harness.app.inject({ method: 'GET', url: '/v1/plugins?limit=1000' });
    expect(bad.statusCode).toBe(400);
    expect((await harness.app.inject({ method: 'GET', url: '/v1/plugins/nothing-here' })).statusCode).toBe(404);
  });
});
