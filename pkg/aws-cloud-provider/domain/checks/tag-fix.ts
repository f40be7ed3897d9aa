/** The fix that tags resources with the cluster tag, as a command and as data for "Tag it". */
import { LEGACY_CLUSTER_TAG, clusterTagKey } from '../cluster-tags';
import { CheckInputs } from '../facts';
import { Finding, text } from '../findings';

/**
 * Tags `resourceIds` with `kubernetes.io/cluster/<ID>=owned`, or, on instances whose metadata
 * exposes their tags (EC2 then refuses keys with `/`), with the legacy `KubernetesCluster=<ID>`
 * that the provider reads too (mirrors findClusterIDs, tags.go).
 */
export function tagFix(textKey: string, resourceIds: string[], inputs: Pick<CheckInputs, 'clusterId' | 'region'>, options: { legacy?: boolean } = {}): Finding['fix'] {
  const regionFlag = inputs.region ? ` --region ${ inputs.region }` : '';
  const key = options.legacy ? LEGACY_CLUSTER_TAG : clusterTagKey(inputs.clusterId);
  const value = options.legacy ? inputs.clusterId : 'owned';

  return {
    text:    text(options.legacy ? `${ textKey }Legacy` : textKey),
    command: `aws ec2 create-tags${ regionFlag } --resources ${ resourceIds.join(' ') } --tags Key=${ key },Value=${ value }`,
    tag:     {
      resourceIds, key, value
    },
  };
}
