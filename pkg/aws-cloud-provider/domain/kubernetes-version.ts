/** Kubernetes-version facts that change what the Amazon cloud provider needs. */

export interface KubeVersion { major: number, minor: number, patch: number }

/** Parses `v1.28.9+rke2r1`, `1.27`, `v1.19.15-k3s1`; undefined when it is not a version. */
export function parseKubernetesVersion(text: string | undefined | null): KubeVersion | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec((text || '').trim());

  if (!match) {
    return undefined;
  }

  return {
    major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] || 0)
  };
}

export function compareVersions(a: KubeVersion, b: KubeVersion): number {
  return (a.major - b.major) || (a.minor - b.minor) || (a.patch - b.patch);
}

function atLeast(version: KubeVersion, major: number, minor: number, patch = 0): boolean {
  return compareVersions(version, {
    major, minor, patch
  }) >= 0;
}

/** From 1.27 the in-tree provider is gone: the external cloud-controller-manager is required. */
export function needsOutOfTreeProvider(version: KubeVersion): boolean {
  return atLeast(version, 1, 27);
}

/** Before 1.15 the kubelet got ECR credentials only through the configured Amazon cloud provider. */
export function ecrNeedsCloudProvider(version: KubeVersion): boolean {
  return !atLeast(version, 1, 15);
}

/** From 1.27 the kubelet needs the external ecr-credential-provider to pull from ECR. */
export function ecrNeedsCredentialProvider(version: KubeVersion): boolean {
  return atLeast(version, 1, 27);
}

/**
 * Subnets with no cluster tag at all are load-balancer candidates from 1.19.10, 1.20.6 and 1.21.0
 * (mirrors findSubnets, aws.go, k8s.io/legacy-cloud-providers, where the fix was backported).
 */
export function untaggedSubnetsEligible(version: KubeVersion): boolean {
  if (version.major === 1 && version.minor === 19) {
    return version.patch >= 10;
  }
  if (version.major === 1 && version.minor === 20) {
    return version.patch >= 6;
  }

  return atLeast(version, 1, 21);
}

/** From 1.27 load balancers skip Local Zone and Wavelength subnets, by the zone type (mirrors findELBSubnets, aws.go, v1.27). */
export function dropsNonRegularZones(version: KubeVersion): boolean {
  return atLeast(version, 1, 27);
}

/** What verdicts assume when no version is given: a current, out-of-tree cluster. */
export const ASSUMED_KUBERNETES_VERSION = '1.32';

export function formatVersion(version: KubeVersion): string {
  return `${ version.major }.${ version.minor }.${ version.patch }`;
}

export type VersionAdvice = 'ecrNeedsCloudProvider' | 'ecrNeedsCredentialProvider';

/**
 * What to tell a user about this version beyond the provider's own setup (which the setup step
 * and the configuration checks cover, with the cluster's actual configuration): ECR pulls.
 */
export function versionAdvice(versionText: string | undefined | null): VersionAdvice[] {
  const version = parseKubernetesVersion(versionText);

  if (!version) {
    return [];
  }

  const advice: VersionAdvice[] = [];

  if (ecrNeedsCloudProvider(version)) {
    advice.push('ecrNeedsCloudProvider');
  }
  if (ecrNeedsCredentialProvider(version)) {
    advice.push('ecrNeedsCredentialProvider');
  }

  return advice;
}
