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
    expect(versionAdvice('v1.14.10')).toEqual(['ecrNeedsCloudProvider']);
    expect(versionAdvice('v1.15.0')).toEqual([]);
  });

  // The out-of-tree provider itself is the setup step's and the configuration checks' (they read the cluster's config).
  it('says the kubelet needs the external ECR credential provider from 1.27', () => {
    expect(versionAdvice('v1.26.15+rke2r1')).toEqual([]);
    expect(versionAdvice('v1.27.0+rke2r1')).toEqual(['ecrNeedsCredentialProvider']);
    expect(versionAdvice(undefined)).toEqual([]);
  });

  // The fix was backported: untagged subnets are candidates from 1.19.10, 1.20.6 and 1.21.0 (spec "Subnets for load balancers").
  it('makes untagged subnets eligible from 1.19.10, 1.20.6 and 1.21.0', () => {
    expect(untaggedSubnetsEligible({
      major: 1, minor: 18, patch: 20
    })).toBe(false);
    expect(untaggedSubnetsEligible({
      major: 1, minor: 19, patch: 9
    })).toBe(false);
    expect(untaggedSubnetsEligible({
      major: 1, minor: 19, patch: 10
    })).toBe(true);
    expect(untaggedSubnetsEligible({
      major: 1, minor: 20, patch: 5
    })).toBe(false);
    expect(untaggedSubnetsEligible({
      major: 1, minor: 20, patch: 6
    })).toBe(true);
    expect(untaggedSubnetsEligible({
      major: 1, minor: 21, patch: 0
    })).toBe(true);
    expect(untaggedSubnetsEligible({
      major: 1, minor: 30, patch: 2
    })).toBe(true);
  });
});
