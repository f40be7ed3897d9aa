/** The downstream cluster's Kubernetes nodes as Steve gives them: read with the cluster-state reader (cluster-state.ts). */

export { toKubeNode } from './cluster-state';
