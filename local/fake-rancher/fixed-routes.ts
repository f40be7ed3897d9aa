/**
 * What Rancher answers the same way every time: its version and the Kubernetes version, the
 * login providers, the RKE2 and K3s releases and channels.
 */

import { K3S_VERSIONS, RANCHER_VERSION, RKE2_VERSIONS } from './ids';
import { releases } from './releases';
import { normanCollection } from './steve';

/** The body Rancher answers `path` with (200), or undefined when the path is not one of these. `base`: where links point. */
export function fixedAnswer(path: string, base: string): unknown {
  if (path === '/rancherversion') {
    return {
      Version: RANCHER_VERSION, GitCommit: 'fake-rancher', RancherPrime: 'false'
    };
  }
  if (path === '/version') {
    return {
      major: '1', minor: '33', gitVersion: 'v1.33.5+k3s1', gitCommit: 'fake', gitTreeState: 'clean', buildDate: '2026-01-01T00:00:00Z', goVersion: 'go1.24', compiler: 'gc', platform: 'linux/amd64'
    };
  }
  if (path === '/v1-public/authproviders' || path === '/v3-public/authProviders' || path === '/v3-public/authproviders') {
    return normanCollection('authProvider', [{
      id: 'local', type: 'localProvider', links: { self: `${ base }/v3-public/localProviders/local` }, actions: { login: `${ base }/v3-public/localProviders/local?action=login` }
    }], `${ base }${ path }`);
  }
  if (/^\/v1-(rke2|k3s)-release\/releases$/.test(path)) {
    return path.includes('rke2') ? releases(RKE2_VERSIONS, 'rke2') : releases(K3S_VERSIONS, 'k3s');
  }
  if (/^\/v1-(rke2|k3s)-release\/channels$/.test(path)) {
    const versions = path.includes('rke2') ? RKE2_VERSIONS : K3S_VERSIONS;

    return {
      type: 'collection',
      data: [{
        id: 'latest', type: 'channel', name: 'latest', latest: versions[0]
      }, {
        id: 'stable', type: 'channel', name: 'stable', latest: versions[0]
      }]
    };
  }

  return undefined;
}
