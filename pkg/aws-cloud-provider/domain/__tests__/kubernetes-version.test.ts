import { parseKubernetesVersion, versionAdvice, untaggedSubnetsEligible } from '../kubernetes-version';

describe('Kubernetes version advice', () => {
  it('parses RKE2 and K3s versions', () => {
    expect(parseKubernetesVersion('v1.28.9+rke2r1')).toEqual({
      major: 1, minor: 28, patch: 9
    });
    expect(parseKubernetesVersion('v1.19.15-k3s1')).toEqual({
      major: 1, minor: 19, patch: 15
    });
    expect(parseKubernetesVersion('latest')).toBeUndefined();
  });

  it('says ECR needs the cloud provider before 1.15 only', () => {
    expect(versionAdvice('v1.14.10', 'aws')).toEqual(['ecrNeedsCloudProvider']);
    expect(versionAdvice('v1.15.0', 'aws')).toEqual([]);
  });

  it('requires the out-of-tree provider from 1.27 and flags the in-tree choice', () => {
    expect(versionAdvice('v1.26.15+rke2r1', 'aws')).toEqual([]);
    expect(versionAdvice('v1.27.0+rke2r1', 'external')).toEqual(['outOfTreeRequired', 'ecrNeedsCredentialProvider']);
    expect(versionAdvice('v1.30.1+rke2r1', 'aws')).toEqual(['outOfTreeRequired', 'ecrNeedsCredentialProvider', 'inTreeUnsupported']);
    expect(versionAdvice(undefined, 'aws')).toEqual([]);
  });

  it('makes untagged subnets eligible from 1.19.15', () => {
    expect(untaggedSubnetsEligible({
      major: 1, minor: 19, patch: 14
    })).toBe(false);
    expect(untaggedSubnetsEligible({
      major: 1, minor: 19, patch: 15
    })).toBe(true);
  });
});
