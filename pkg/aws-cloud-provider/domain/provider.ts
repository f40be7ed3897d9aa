/**
 * Which provider the verdicts are for: the Kubernetes version (given, or assumed and said so),
 * hence in-tree (before 1.27: every kubelet reads the cluster ID and metadata of its own
 * instance) or out-of-tree (only the cloud-controller-manager does, on control-plane nodes),
 * and, per instance, whether it is a control-plane node.
 */
import { CheckInputs, Ec2Instance } from './facts';
import {
  ASSUMED_KUBERNETES_VERSION, KubeVersion, formatVersion, needsOutOfTreeProvider, parseKubernetesVersion
} from './kubernetes-version';
import {
  CheckStatus, Finding, finding, rule, text
} from './findings';

/** Whether an instance is a control-plane node; `unknown` when nothing says. */
export type ControlPlaneMembership = 'yes' | 'no' | 'unknown';

export interface ProviderContext {
  version: KubeVersion;
  /** True when no version was given and ASSUMED_KUBERNETES_VERSION stands in. */
  versionAssumed: boolean;
  outOfTree: boolean;
  controlPlaneOf(instance: Ec2Instance): ControlPlaneMembership;
  /**
   * Whether the provider reads this instance's tags and metadata at start-up: in-tree every
   * kubelet does; out-of-tree the cloud-controller-manager, on control-plane nodes
   * (mirrors newAWSCloud2 → initFromTags, aws.go).
   */
  readsOwnInstance(instance: Ec2Instance): ControlPlaneMembership;
}

export function profileNameOfArn(arn: string | undefined): string {
  return arn ? arn.slice(arn.lastIndexOf('/') + 1) : '';
}

export function providerContext(inputs: Pick<CheckInputs, 'kubernetesVersion' | 'controlPlane'>): ProviderContext {
  const given = parseKubernetesVersion(inputs.kubernetesVersion);
  const version = given || (parseKubernetesVersion(ASSUMED_KUBERNETES_VERSION) as KubeVersion);
  const outOfTree = needsOutOfTreeProvider(version);
  const hints = inputs.controlPlane || {};
  const ids = new Set(hints.instanceIds || []);
  const profiles = new Set(hints.profiles || []);
  const others = new Set(hints.otherProfiles || []);

  const controlPlaneOf = (instance: Ec2Instance): ControlPlaneMembership => {
    if (ids.size) {
      return ids.has(instance.InstanceId || '') ? 'yes' : 'no';
    }

    const profile = profileNameOfArn(instance.IamInstanceProfile?.Arn);

    if (profiles.has(profile)) {
      return 'yes';
    }

    return others.has(profile) ? 'no' : 'unknown';
  };

  return {
    version,
    versionAssumed:   !given,
    outOfTree,
    controlPlaneOf,
    readsOwnInstance: (instance) => (outOfTree ? controlPlaneOf(instance) : 'yes'),
  };
}

/**
 * The status of a problem that stops the provider only where it reads its own instance:
 * `fail` there, `unknown` where that is not known, `otherwise` elsewhere.
 */
export function onReadingInstance(membership: ControlPlaneMembership, otherwise: CheckStatus): CheckStatus {
  return membership === 'yes' ? 'fail' : membership === 'unknown' ? 'unknown' : otherwise;
}

/** Says which version and provider the verdicts are for, and what was assumed. */
export function checkProviderContext(context: ProviderContext, instances: readonly Ec2Instance[]): Finding {
  const unknownHosts = context.outOfTree ? instances.filter((i) => context.controlPlaneOf(i) === 'unknown').length : 0;
  const controlPlanes = instances.filter((i) => context.controlPlaneOf(i) === 'yes').length;

  return finding({
    id:       'provider.context',
    status:   context.versionAssumed || unknownHosts ? 'warn' : 'pass',
    resource: `Kubernetes ${ formatVersion(context.version) }`,
    message:  text(context.versionAssumed ? 'check.providerContext.assumed' : 'check.providerContext.given', {
      version:   formatVersion(context.version),
      flavour:   context.outOfTree ? 'outOfTree' : 'inTree',
      controlPlanes,
      unknownHosts,
    }),
    rule: rule('providerContext'),
    fix:  context.versionAssumed || unknownHosts ? { text: text('fix.providerContext') } : undefined,
  });
}
