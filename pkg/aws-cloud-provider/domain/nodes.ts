/**
 * Mapping Kubernetes nodes to EC2 instances as the provider does: by `spec.providerID`
 * (`aws:///<zone>/i-...`), else by a node name that is an instance ID, else by the private DNS
 * name (the in-tree provider names nodes so), else, as a last resort for display, the internal IP.
 */

import { Ec2Instance } from './facts';
import { Finding } from './checks';

export interface KubeNode {
  name: string;
  providerID?: string;
  addresses?: { type?: string, address?: string }[];
}

export interface NodeLookup { instanceId?: string, privateDnsName?: string, internalIp?: string, zone?: string }

const PROVIDER_ID = /^aws:\/\/(?:\/([^/]*))?\/(i-[0-9a-z]+)$/;

export function nodeLookup(node: KubeNode): NodeLookup {
  const fromProvider = PROVIDER_ID.exec(node.providerID || '');

  if (fromProvider) {
    return { instanceId: fromProvider[2], zone: fromProvider[1] || undefined };
  }
  if (/^i-[0-9a-z]+$/.test(node.name)) {
    return { instanceId: node.name };
  }

  const internalDns = node.addresses?.find((a) => a.type === 'InternalDNS')?.address;
  const internalIp = node.addresses?.find((a) => a.type === 'InternalIP')?.address;

  return { privateDnsName: internalDns || (node.name.includes('.') ? node.name : undefined), internalIp };
}

/** The region of a zone such as `us-east-1a` or a Local Zone such as `us-west-2-lax-1a`. */
export function regionOfZone(zone: string | undefined): string | undefined {
  const match = /^([a-z]{2}(-gov)?-[a-z]+-\d+)/.exec(zone || '');

  return match ? match[1] : undefined;
}

/** The instances to check: those named by providerID or name, and those found by address. */
export function instanceIdsOfNodes(lookups: readonly NodeLookup[], foundByAddress: readonly Ec2Instance[]): string[] {
  const ids = [...lookups.map((lookup) => lookup.instanceId), ...foundByAddress.map((instance) => instance.InstanceId)];

  return ids.filter((id, index): id is string => !!id && ids.indexOf(id) === index);
}

export interface NodeMatch { node: KubeNode, instance?: Ec2Instance, by?: 'providerID' | 'privateDnsName' | 'internalIp' }

export function matchNodes(nodes: readonly KubeNode[], instances: readonly Ec2Instance[]): NodeMatch[] {
  return nodes.map((node) => {
    const lookup = nodeLookup(node);

    if (lookup.instanceId) {
      const instance = instances.find((i) => i.InstanceId === lookup.instanceId);

      return {
        node, instance, by: instance ? 'providerID' : undefined
      };
    }

    const byDns = lookup.privateDnsName ? instances.find((i) => i.PrivateDnsName === lookup.privateDnsName) : undefined;

    if (byDns) {
      return {
        node, instance: byDns, by: 'privateDnsName'
      };
    }

    const byIp = lookup.internalIp ? instances.find((i) => i.PrivateIpAddress === lookup.internalIp) : undefined;

    return byIp ? {
      node, instance: byIp, by: 'internalIp'
    } : { node };
  });
}

/** One finding per node: which instance it is, or why the provider will not find it. */
export function nodeFindings(matches: readonly NodeMatch[]): Finding[] {
  return matches.map(({ node, instance, by }): Finding => {
    const base = {
      id: 'node.instance' as const, resource: node.name, rule: { key: 'rule.nodeInstance' }
    };

    if (!instance) {
      return {
        ...base, status: 'fail' as const, message: { key: 'check.nodeInstance.notFound' }
      };
    }
    if (by === 'internalIp') {
      // Found by us, but neither providerID nor DNS name: the out-of-tree provider would not find it.
      return {
        ...base, status: 'warn' as const, message: { key: 'check.nodeInstance.byIpOnly', args: { instance: instance.InstanceId || '?' } }
      };
    }

    return {
      ...base, status: 'pass' as const, message: { key: 'check.nodeInstance.ok', args: { instance: instance.InstanceId || '?', by: by || 'providerID' } }
    };
  });
}
