/**
 * Mapping Kubernetes nodes to EC2 instances exactly as the provider does: by `spec.providerID`
 * (`aws:///<zone>/i-...`, `aws:////i-...` or a bare `i-...`), else by a node name that starts
 * with `i-` (up to its first `.`), else by the node name equal to the private DNS name of a
 * live instance carrying the cluster tag. The node's addresses are not used.
 */
import { Ec2Instance } from './facts';
import { Finding, finding, findingOf } from './findings';
import { hasClusterTag } from './cluster-tags';
import { ProviderContext } from './provider';
import { KubeTaint } from './kube';

export interface KubeNode {
  name: string;
  providerID?: string;
  addresses?: { type?: string, address?: string }[];
  labels?: Record<string, string>;
  /** `spec.taints`: the `uninitialized` one stays until the cloud-controller-manager initialises the node. */
  taints?: KubeTaint[];
}

export interface NodeLookup {
  instanceId?: string;
  /** The node name, looked up as a private DNS name when nothing else names the instance. */
  privateDnsName?: string;
  zone?: string;
  /** A providerID that is not an AWS one (e.g. `rke2://name`): the provider cannot map the node. */
  foreignProviderId?: boolean;
  hasProviderId: boolean;
}

const AWS_PROVIDER_ID = /^aws:\/\/(?:\/([^/]*))?\/(i-[0-9a-z]+)$/;
const BARE_INSTANCE_ID = /^i-[0-9a-z]+$/;

/** Mirrors KubernetesInstanceID.MapToAWSInstanceID (instances.go) and nodeNameToInstanceID (aws.go). */
export function nodeLookup(node: KubeNode): NodeLookup {
  const providerId = node.providerID || '';

  if (providerId) {
    const aws = AWS_PROVIDER_ID.exec(providerId);

    if (aws) {
      return {
        instanceId: aws[2], zone: aws[1] || undefined, hasProviderId: true
      };
    }

    return BARE_INSTANCE_ID.test(providerId) ? { instanceId: providerId, hasProviderId: true } : { foreignProviderId: true, hasProviderId: true };
  }
  if (node.name.startsWith('i-')) {
    return { instanceId: node.name.split('.')[0], hasProviderId: false };
  }

  return { privateDnsName: node.name, hasProviderId: false };
}

/** The region of a zone such as `us-east-1a` or a Local Zone such as `us-west-2-lax-1a`. */
export function regionOfZone(zone: string | undefined): string | undefined {
  const match = /^([a-z]{2}(-gov)?-[a-z]+-\d+)/.exec(zone || '');

  return match ? match[1] : undefined;
}

/** The instances to check: those named by providerID or name, and those found by the node name. */
export function instanceIdsOfNodes(lookups: readonly NodeLookup[], foundByName: readonly Ec2Instance[]): string[] {
  return [...new Set([...lookups.map((lookup) => lookup.instanceId), ...foundByName.map((instance) => instance.InstanceId)].filter((id): id is string => !!id))];
}

export interface NodeMatch { node: KubeNode, lookup: NodeLookup, instance?: Ec2Instance, by?: 'providerID' | 'instanceIdName' | 'privateDnsName' }

const LIVE_STATES = new Set(['pending', 'running', 'shutting-down', 'stopping', 'stopped']);

/** Mirrors getInstanceByNodeName/findInstanceByNodeName (aws.go): by ID, else by private DNS name among live, cluster-tagged instances. */
export function matchNodes(nodes: readonly KubeNode[], instances: readonly Ec2Instance[], clusterId: string): NodeMatch[] {
  const byId = new Map(instances.map((instance) => [instance.InstanceId, instance]));
  const byDns = new Map(instances
    .filter((i) => LIVE_STATES.has(i.State?.Name || 'running') && hasClusterTag(i.Tags, clusterId))
    .map((instance) => [instance.PrivateDnsName, instance]));

  return nodes.map((node) => {
    const lookup = nodeLookup(node);

    if (lookup.instanceId) {
      const instance = byId.get(lookup.instanceId);

      return {
        node, lookup, instance, by: instance ? (lookup.hasProviderId ? 'providerID' : 'instanceIdName') : undefined
      };
    }

    const instance = lookup.privateDnsName ? byDns.get(lookup.privateDnsName) : undefined;

    return instance ? {
      node, lookup, instance, by: 'privateDnsName'
    } : { node, lookup };
  });
}

/**
 * One finding per node: which instance it is, or why the provider will not find it. Without a
 * providerID a node is no load-balancer backend (mapToAWSInstanceIDsTolerant, instances.go) and,
 * out-of-tree, is initialised only if its name leads to the instance (InstanceMetadata, instances_v2.go).
 */
export function nodeFindings(matches: readonly NodeMatch[], context: Pick<ProviderContext, 'outOfTree'>): Finding[] {
  return matches.map(({
    node, lookup, instance, by
  }): Finding => {
    const base = {
      id: 'node.instance' as const, resource: node.name, rule: { key: 'rule.nodeInstance' }
    };

    if (lookup.foreignProviderId) {
      return finding({
        ...base, status: 'fail', message: { key: 'check.nodeInstance.foreignProviderId', args: { providerID: node.providerID || '' } }
      });
    }
    if (!instance) {
      return finding({
        ...base, status: 'fail', message: { key: lookup.hasProviderId ? 'check.nodeInstance.notFound' : context.outOfTree ? 'check.nodeInstance.neverInitialised' : 'check.nodeInstance.notFoundByName' }
      });
    }
    if (!lookup.hasProviderId) {
      return finding({
        ...base, status: 'warn', message: { key: 'check.nodeInstance.noProviderId', args: { instance: instance.InstanceId || '?', by: by || 'privateDnsName' } }
      });
    }

    return findingOf(base.id, 'pass', base.resource, { key: 'check.nodeInstance.ok', args: { instance: instance.InstanceId || '?' } }, base.rule);
  });
}

/** The control-plane nodes by their role labels (RKE2 and K3s set both names). */
export function isControlPlaneNode(node: KubeNode): boolean {
  const labels = node.labels || {};

  return labels['node-role.kubernetes.io/control-plane'] === 'true' || labels['node-role.kubernetes.io/controlplane'] === 'true' || labels['node-role.kubernetes.io/master'] === 'true';
}
