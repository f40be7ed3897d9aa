import { rancherUserId, storageKey, storedResults, storeResults } from '../stored-results';
import { FleetResult } from '../../../verification/fleet';

describe('rancherUserId: whose browser-kept results these are, across the shells\' auth stores', () => {
  it.each([
    ['3.0.0–3.0.8: the Norman user, auth/v3User', { 'auth/v3User': { id: 'user-admin' }, 'auth/principalId': 'local://user-admin' }, 'user-admin'],
    ['3.0.13: the management user from SelfUser, auth/user', { 'auth/user': { id: 'user-x7k2p' }, 'auth/principalId': 'github_user://42' }, 'user-x7k2p'],
    ['no user object yet: a principal alone names no user ID', { 'auth/principalId': 'local://user-admin' }, ''],
    ['nothing known', {}, ''],
  ])('%s', (_, getters, expected) => {
    expect(rancherUserId(getters)).toBe(expected);
  });
});

describe('storeResults: kept per user in localStorage, never for an unknown user', () => {
  const result = (id: string): FleetResult => ({
    id,
    name:       id,
    verifiedAt: 1,
    verdict:    'warn',
    summary:    {
      pass: 1, warn: 1, fail: 0, unknown: 0
    },
    notes:     [],
    clusterId: 'c-1',
    region:    'us-east-1',
    findings:  [],
  } as unknown as FleetResult);

  beforeEach(() => window.localStorage.clear());

  it('writes under the user\'s key and reads it back', () => {
    storeResults('user-admin', [result('fleet-default/a')]);

    expect(Object.keys(JSON.parse(window.localStorage.getItem(storageKey('user-admin')) || '{}').results)).toEqual(['fleet-default/a']);
    expect(storedResults('user-admin')['fleet-default/a'].verdict).toBe('warn');
  });

  it('keeps an unknown user\'s results on the page only', () => {
    storeResults('', [result('fleet-default/b')]);

    expect(window.localStorage.length).toBe(0);
    expect(storedResults('')['fleet-default/b'].verdict).toBe('warn');
    expect(storedResults('user-admin')['fleet-default/b']).toBeUndefined();
  });
});
