import { rancherUserId } from '../stored-results';

describe('rancherUserId: whose browser-kept results these are, across the shells\' auth stores', () => {
  it.each([
    ['3.0.0–3.0.8: auth/v3User', { 'auth/v3User': { id: 'user-admin' }, 'auth/principalId': 'local://user-admin' }, 'user-admin'],
    ['3.0.13: no v3User, a local principal names the same user', { 'auth/principalId': 'local://user-admin' }, 'user-admin'],
    ['no user object, an external principal', { 'auth/principalId': 'github_user://42' }, 'github_user://42'],
    ['nothing known', {}, ''],
  ])('%s', (_, getters, expected) => {
    expect(rancherUserId(getters)).toBe(expected);
  });
});
