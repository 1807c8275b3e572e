import { readFileSync } from 'node:fs';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { projectPath } from '../../../platform/paths.js';

/** argon2id with OWASP's first recommended profile: 19 MiB, 2 passes, 1 lane. */
const ARGON2_OPTIONS = {
  algorithm: 2 as Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

const COMMON_PASSWORDS = new Set(
  readFileSync(projectPath('src/modules/identity/accounts/common-passwords.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim().toLowerCase())
    .filter(Boolean),
);

/** Hashes a password for storage (PHC string carrying its own parameters and salt). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** True when `password` matches `passwordHash`; a malformed hash counts as no match. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Computes the decoy hash ahead of the first sign-in, so that one is not slower either. */
export async function prepareDummyHash(): Promise<void> {
  dummyHash ??= hashPassword('not a real password, only a timing decoy');
  await dummyHash;
}

/**
 * Spends the same time as a real verification, for unknown emails and
 * password-less accounts, so response time does not reveal which accounts exist.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await prepareDummyHash();
  await verifyPassword(await dummyHash!, password);
  return false;
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
  if ([...password].length < PASSWORD_MIN_LENGTH)
    return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (password.length > PASSWORD_MAX_LENGTH)
    return `must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  const lowered = password.trim().toLowerCase();
  if (COMMON_PASSWORDS.has(lowered)) return 'is too common; choose a less guessable one';
  if (email && lowered === email.trim().toLowerCase())
    return 'must not be the same as the email address';
  return null;
}
