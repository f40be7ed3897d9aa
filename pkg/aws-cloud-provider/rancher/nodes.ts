/** The downstream cluster's Kubernetes nodes, read through Rancher's cluster proxy (steve). */

import { KubeNode } from '../domain/nodes';
import { HostStore } from './aws-access';

interface SteveNode {
  metadata?: { name?: string, labels?: Record<string, string> };
  spec?: { providerID?: string };
  status?: { addresses?: { type?: string, address?: string }[] };
}

export function toKubeNode(node: SteveNode): KubeNode {
  return {
    name: node.metadata?.name || '', providerID: node.spec?.providerID, addresses: node.status?.addresses || [], labels: node.metadata?.labels || {}
  };
}

export async function clusterNodes(store: HostStore, managementClusterId: string): Promise<KubeNode[]> {
  const response = await store.dispatch('management/request', { url: `/k8s/clusters/${ encodeURIComponent(managementClusterId) }/v1/nodes?exclude=metadata.managedFields` }) as { data?: SteveNode[] } | undefined;

  return (response?.data || []).map(toKubeNode);
}
