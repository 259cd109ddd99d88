import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { badRequest, SECRET_SETTING } from '@kits/plugin-sdk';

/**
 * A tenant's settings of a plugin as stored, answered and given to the plugin.
 *
 * Secret plugin settings (DESIGN §4: "per-tenant settings (secrets stored encrypted)"). A settings
 * property marked `"x-kits-secret": true` in the manifest is stored in `kernel.plugin_installs`
 * as an envelope `{"$kits:secret": "v1.<key id>.<iv>.<ciphertext>.<tag>"}` (AES-256-GCM, the
 * additional data binding it to its tenant, plugin and field), opened only for the plugin's server
 * code, and never answered by the API nor sent to tills.
 */

/** The one key of a stored secret's envelope; refused in settings a client sends. */
export const SECRET_ENVELOPE = '$kits:secret';
const FORMAT = 'v1';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Encrypts and decrypts secret settings under a key derived (HKDF-SHA-256) from the kernel's configured secret. */
export class SettingsCipher {
  readonly #key: Buffer;
  /** Keys of earlier PLUGIN_SETTINGS_KEYs by key id: what was sealed under them still opens (a rotation, docs/operations.md). */
  readonly #previous = new Map<string, Buffer>();
  /** Names the key a secret was sealed under, so one sealed under another key is told apart from a damaged one. */
  readonly keyId: string;

  constructor(secret: string, previousSecrets: readonly string[] = []) {
    this.#key = derivedKey(secret);
    this.keyId = keyIdOf(this.#key);
    for (const previous of previousSecrets) {
      const key = derivedKey(previous);
      this.#previous.set(keyIdOf(key), key);
    }
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, this.keyId, iv.toString('base64url'), sealed.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(
      '.',
    );
  }

  /** Whether `sealed` was sealed under an earlier key this cipher still opens: sealing it again moves it to the current one. */
  sealedUnderPrevious(sealed: string): boolean {
    return this.#previous.has(sealed.split('.')[1] ?? '');
  }

  /** The plaintext, or undefined when the secret was sealed under a key this cipher does not hold, for another place, or is damaged. */
  open(sealed: string, context: string): string | undefined {
    const [format, keyId, iv, data, tag] = sealed.split('.');
    const key = keyId === this.keyId ? this.#key : this.#previous.get(keyId ?? '');
    if (format !== FORMAT || !key || iv === undefined || data === undefined || tag === undefined) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

const derivedKey = (secret: string) => Buffer.from(hkdfSync('sha256', secret, 'kits', 'kits plugin settings secrets', 32));
const keyIdOf = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);

/** The dotted paths of a settings schema's secret properties (through nested objects' `properties`). */
export function secretPaths(schema: Readonly<Json> | undefined, prefix = ''): string[] {
  const properties = schema?.properties;
  if (!isObject(properties)) return [];
  const paths: string[] = [];
  for (const [name, property] of Object.entries(properties)) {
    if (!isObject(property)) continue;
    const path = prefix ? `${prefix}.${name}` : name;
    if (property[SECRET_SETTING] === true) paths.push(path);
    else paths.push(...secretPaths(property, path));
  }
  return paths;
}

function read(settings: Json, path: string): unknown {
  let value: unknown = settings;
  for (const name of path.split('.')) value = isObject(value) ? value[name] : undefined;
  return value;
}

function has(settings: Json, path: string): boolean {
  const names = path.split('.');
  const container = names.length === 1 ? settings : read(settings, names.slice(0, -1).join('.'));
  return isObject(container) && Object.hasOwn(container, names.at(-1)!);
}

function write(settings: Json, path: string, value: unknown): void {
  const names = path.split('.');
  let container = settings;
  for (const name of names.slice(0, -1)) {
    if (!isObject(container[name])) container[name] = {};
    container = container[name] as Json;
  }
  if (value === undefined) delete container[names.at(-1)!];
  else container[names.at(-1)!] = value;
}

const context = (tenantId: string, pluginId: string, path: string) => `kits-settings:${tenantId}:${pluginId}:${path}`;

/** Settings as stored, with every secret of the schema sealed. */
export function sealSettings(
  cipher: SettingsCipher,
  tenantId: string,
  pluginId: string,
  schema: Readonly<Json> | undefined,
  settings: Readonly<Json>,
): Json {
  const stored = structuredClone(settings) as Json;
  for (const path of secretPaths(schema)) {
    const value = read(stored, path);
    if (typeof value === 'string') write(stored, path, { [SECRET_ENVELOPE]: cipher.seal(value, context(tenantId, pluginId, path)) });
  }
  return stored;
}

/**
 * Stored settings with each secret sealed under an earlier key sealed again under the current one
 * (a PLUGIN_SETTINGS_KEY rotation, reseal.ts); `resealed` counts them, `unreadable` names those no key opens.
 */
export function resealSettings(
  cipher: SettingsCipher,
  tenantId: string,
  pluginId: string,
  stored: Readonly<Json>,
): { settings: Json; resealed: number; unreadable: string[] } {
  let resealed = 0;
  const unreadable: string[] = [];
  const walk = (value: Readonly<Json>, prefix: string): Json => {
    const out: Json = {};
    for (const [name, inner] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${name}` : name;
      const sealed = isObject(inner) && Object.keys(inner).length === 1 ? inner[SECRET_ENVELOPE] : undefined;
      if (typeof sealed === 'string' && cipher.sealedUnderPrevious(sealed)) {
        const plain = cipher.open(sealed, context(tenantId, pluginId, path));
        if (plain === undefined) {
          unreadable.push(path);
          out[name] = inner;
        } else {
          out[name] = { [SECRET_ENVELOPE]: cipher.seal(plain, context(tenantId, pluginId, path)) };
          resealed += 1;
        }
      } else out[name] = isObject(inner) && typeof sealed !== 'string' ? walk(inner, path) : inner;
    }
    return out;
  };
  return { settings: walk(stored, ''), resealed, unreadable };
}

export interface OpenedSettings {
  /** What the plugin's server code is given: every secret in plain text. */
  readonly settings: Json;
  /** The secrets that hold a value (dotted paths). */
  readonly secretsSet: string[];
  /** Secrets that could not be opened (sealed under another key): left out, as if not set. */
  readonly unreadable: string[];
}

/** Stored settings with every sealed secret opened, wherever it is. */
export function openSettings(cipher: SettingsCipher, tenantId: string, pluginId: string, stored: Readonly<Json>): OpenedSettings {
  const secretsSet: string[] = [];
  const unreadable: string[] = [];
  const walk = (value: Json, prefix: string): Json => {
    const out: Json = {};
    for (const [name, inner] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${name}` : name;
      if (isObject(inner) && typeof inner[SECRET_ENVELOPE] === 'string' && Object.keys(inner).length === 1) {
        const plain = cipher.open(inner[SECRET_ENVELOPE], context(tenantId, pluginId, path));
        if (plain === undefined) unreadable.push(path);
        else {
          out[name] = plain;
          secretsSet.push(path);
        }
      } else out[name] = isObject(inner) ? walk(inner, path) : inner;
    }
    return out;
  };
  return { settings: walk(stored, ''), secretsSet, unreadable };
}

/**
 * The settings to validate when a client replaces them: a secret the client did not send keeps
 * its value; `null` or `""` clears it. A client may never send a stored envelope.
 */
export function withKeptSecrets(schema: Readonly<Json> | undefined, current: Readonly<Json>, incoming: Readonly<Json>): Json {
  const merged = structuredClone(incoming) as Json;
  const envelope = findEnvelope(merged, 'settings');
  if (envelope) {
    throw badRequest('plugins.invalid_settings', `${envelope} uses the reserved field name "${SECRET_ENVELOPE}"; remove it.`, {
      errors: [{ field: envelope, message: `uses the reserved field name "${SECRET_ENVELOPE}"` }],
    });
  }
  for (const path of secretPaths(schema)) {
    const sent = read(merged, path);
    if (sent === null || sent === '') write(merged, path, undefined);
    else if (!has(merged, path) && read(current, path) !== undefined) write(merged, path, read(current, path));
  }
  return merged;
}

function findEnvelope(value: unknown, path: string): string | undefined {
  if (Array.isArray(value)) return value.map((item, index) => findEnvelope(item, `${path}.${index}`)).find(Boolean);
  if (!isObject(value)) return undefined;
  if (Object.hasOwn(value, SECRET_ENVELOPE)) return path;
  return Object.entries(value)
    .map(([name, inner]) => findEnvelope(inner, `${path}.${name}`))
    .find(Boolean);
}

/** Settings as the API shows them: without any secret (those set are listed apart). */
export function withoutSecrets(settings: Readonly<Json>, paths: readonly string[]): Json {
  const shown = structuredClone(settings) as Json;
  for (const path of paths) if (has(shown, path)) write(shown, path, undefined);
  return shown;
}

/** Of the schema's secrets, those that hold a value in `settings` (plain). */
export function secretsHeld(schema: Readonly<Json> | undefined, settings: Readonly<Json>): string[] {
  return secretPaths(schema).filter((path) => typeof read(settings, path) === 'string');
}

/**
 * The settings a version's schema knows: where an object says `additionalProperties: false`, the
 * fields it does not list are dropped. Moving to another version (an operator pinning an older
 * one, say) would otherwise be refused for a setting only the other version has.
 */
export function knownSettings(schema: Readonly<Json> | undefined, settings: Readonly<Json>): Json {
  const known: Json = {};
  const properties = isObject(schema?.properties) ? schema.properties : {};
  for (const [name, value] of Object.entries(settings)) {
    const property = properties[name];
    if (!isObject(property)) {
      if (schema?.additionalProperties !== false) known[name] = value;
      continue;
    }
    known[name] = isObject(value) && !(SECRET_ENVELOPE in value) ? knownSettings(property, value) : value;
  }
  return known;
}
