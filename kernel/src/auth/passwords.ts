import { hash, verify } from '@node-rs/argon2';

// Argon2id (the library's default algorithm) with OWASP's recommended memory and time costs.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashSecret = (secret: string): Promise<string> => hash(secret, OPTIONS);

export async function verifySecret(hashed: string, secret: string): Promise<boolean> {
  try {
    return await verify(hashed, secret);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/** Verifies against a throwaway hash, so an unknown user costs as much time as a wrong password. */
export async function verifyAgainstNothing(secret: string): Promise<false> {
  dummy ??= hashSecret('no-such-user-no-such-password');
  await verifySecret(await dummy, secret);
  return false;
}
