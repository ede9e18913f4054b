import argon2 from 'argon2';

// OWASP's argon2id minimum (19 MiB, 2 passes) raised to 64 MiB / 3 passes: a sign-in is rare and the
// machine has memory to spare, while a stolen hash then costs an attacker far more.
const options = { type: argon2.argon2id, memoryCost: 65536, timeCost: 3, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, options);

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so that timing does not tell who has an account. */
export const dummyHash = hashPassword('no such user: constant-time padding');
