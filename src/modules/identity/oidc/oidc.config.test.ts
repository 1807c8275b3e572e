import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../config.js';

const entry = {
  name: 'acme',
  issuer: 'https://id.acme.example',
  clientId: 'marquee',
  clientSecret: 's3cret',
};
const load = (value: unknown) =>
  loadConfig({ OIDC_PROVIDERS: typeof value === 'string' ? value : JSON.stringify(value) });

describe('OIDC_PROVIDERS', () => {
  it('is empty by default', () => {
    expect(loadConfig({}).oidcProviders).toEqual([]);
  });

  it('reads providers with a default scope', () => {
    expect(load([entry]).oidcProviders).toEqual([{ ...entry, scope: 'openid email profile' }]);
    expect(load([{ ...entry, scope: 'openid email' }]).oidcProviders[0]?.scope).toBe(
      'openid email',
    );
  });

  it('allows plain http only for a loopback issuer', () => {
    expect(load([{ ...entry, issuer: 'http://127.0.0.1:4000' }]).oidcProviders).toHaveLength(1);
    expect(() => load([{ ...entry, issuer: 'http://id.acme.example' }])).toThrow(/https/);
  });

  it.each([
    ['not json', 'not json', /JSON array/],
    ['an object', { ...entry }, /JSON array/],
    ['a missing secret', [{ ...entry, clientSecret: undefined }], /clientSecret/],
    ['a bad name', [{ ...entry, name: 'Acme Corp' }], /name/],
    ['a duplicate name', [entry, entry], /twice/],
    ['a bad issuer', [{ ...entry, issuer: 'acme' }], /issuer/],
  ])('refuses %s, naming the key', (_label, value, message) => {
    let error: unknown;
    try {
      load(value);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).key).toBe('OIDC_PROVIDERS');
    expect((error as ConfigError).message).toMatch(message);
  });
});
