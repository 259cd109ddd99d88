/**
 * Values sealed with AES-GCM (WebCrypto, native and fast) under a key derived from the database
 * password. The event log seals an event's payload once, when it is appended, and the server's
 * answer once, when it arrives: recording an answer does not re-encrypt the payload.
 */
export interface ValueSeal {
  seal(value: unknown): Promise<string>;
  open<Value>(sealed: string): Promise<Value>;
}

const IV_BYTES = 12;

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The seal of a database: its key derived (HKDF-SHA-256) from the database password, for this use only. */
export async function valueSeal(password: string): Promise<ValueSeal> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'HKDF', false, ['deriveKey']);
  const key = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode('kits-till sealed values v1') },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
  return {
    async seal(value) {
      const iv = crypto.getRandomValues(new Uint8Array(new ArrayBuffer(IV_BYTES)));
      const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(JSON.stringify(value ?? null)));
      const out = new Uint8Array(IV_BYTES + sealed.byteLength);
      out.set(iv);
      out.set(new Uint8Array(sealed), IV_BYTES);
      return toBase64(out);
    },
    async open<Value>(sealed: string) {
      const bytes = fromBase64(sealed);
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES) }, key, bytes.subarray(IV_BYTES));
      return JSON.parse(new TextDecoder().decode(plain)) as Value;
    },
  };
}
