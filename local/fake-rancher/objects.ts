/**
 * Steve objects of the world's types (Rancher's own and a downstream cluster's), the condition
 * Rancher writes, and a namespace's project labels.
 */

import { SteveObject, TypeSpec, steveObject } from './steve';
import { DOWNSTREAM_TYPES, MANAGEMENT_TYPES, typeSpec } from './types';

const make = (types: TypeSpec[]) => (type: string, name: string, namespace: string | undefined, body: Parameters<typeof steveObject>[3] = {}): SteveObject => {
  const spec = typeSpec(types, type);

  if (!spec) {
    throw new Error(`unknown type ${ type }`);
  }

  return steveObject(spec, name, namespace, body);
};

export const mgmtObject = make(MANAGEMENT_TYPES);
export const downstreamObject = make(DOWNSTREAM_TYPES);

export const condition = (type: string, status = 'True') => ({
  type, status, error: false, transitioning: false, lastUpdateTime: '2026-01-05T09:45:00Z'
});

export const namespaceObject = (name: string, projectId?: string): { labels: Record<string, string>, annotations: Record<string, string> } => ({
  labels:      { 'kubernetes.io/metadata.name': name, ...(projectId ? { 'field.cattle.io/projectId': projectId.split(':')[1] } : {}) },
  annotations: projectId ? { 'field.cattle.io/projectId': projectId } : {},
});
