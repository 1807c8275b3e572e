import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Ticket codes are `T1.<eventId>.<serial>.<signature>`: a 128-bit random
 * serial (unguessable) and an Ed25519 signature over the rest, so a scanner
 * holding only the public key can reject forged or altered codes offline.
 */
const PREFIX = 'T1';
const CODE = /^T1\.(\d{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{86})$/;

export interface TicketSigner {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** Mints a fresh signed code for a ticket of `eventId`. */
export function createTicketCode(signer: TicketSigner, eventId: number): string {
  const serial = randomBytes(16).toString('base64url');
  const payload = `${PREFIX}.${eventId}.${serial}`;
  const signature = sign(null, Buffer.from(payload), signer.privateKey).toString('base64url');
  return `${payload}.${signature}`;
}

/** Checks a code's shape and signature with the public key alone; null when forged or malformed. */
export function verifyTicketCode(
  publicKey: KeyObject,
  code: string,
): { eventId: number; serial: string } | null {
  const match = CODE.exec(code.trim());
  if (!match) return null;
  const [, eventId, serial, signature] = match as unknown as [string, string, string, string];
  const payload = `${PREFIX}.${eventId}.${serial}`;
  const signatureBytes = Buffer.from(signature, 'base64url');
  // One code per ticket: the last base64url character carries unused bits, so
  // only the canonical spelling of a signature is accepted.
  if (signatureBytes.toString('base64url') !== signature) return null;
  const valid = verify(null, Buffer.from(payload), publicKey, signatureBytes);
  return valid ? { eventId: Number(eventId), serial } : null;
}

/**
 * The signing key: TICKET_SIGNING_KEY (PKCS#8 PEM, or its base64 DER) when set;
 * otherwise a key generated once and kept in DATA_DIR, so codes stay valid
 * across restarts. Never a constant in the code.
 */
export function loadTicketSigner(configured: string | undefined, dataDir: string): TicketSigner {
  let privateKey: KeyObject;
  if (configured) {
    privateKey = configured.includes('BEGIN')
      ? createPrivateKey(configured)
      : createPrivateKey({ key: Buffer.from(configured, 'base64'), format: 'der', type: 'pkcs8' });
  } else {
    const file = path.join(dataDir, 'ticket-signing-key.pem');
    if (fs.existsSync(file)) {
      privateKey = createPrivateKey(fs.readFileSync(file, 'utf8'));
    } else {
      privateKey = generateKeyPairSync('ed25519').privateKey;
      fs.mkdirSync(dataDir, { recursive: true });
      const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      try {
        // `wx`: if another process created it first, use theirs.
        fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
      } catch {
        privateKey = createPrivateKey(fs.readFileSync(file, 'utf8'));
      }
    }
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error('TICKET_SIGNING_KEY must be an Ed25519 private key');
  }
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** The verification key in the forms scanners use: PEM and JWK. */
export function publicKeyDocument(publicKey: KeyObject) {
  const jwk = publicKey.export({ format: 'jwk' });
  return {
    algorithm: 'Ed25519' as const,
    codeFormat: 'T1.<eventId>.<serial>.<signature over "T1.<eventId>.<serial>">',
    pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    jwk: { kty: String(jwk.kty), crv: String(jwk.crv), x: String(jwk.x) },
  };
}
