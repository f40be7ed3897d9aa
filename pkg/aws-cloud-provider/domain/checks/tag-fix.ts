/** The fix that tags resources with the cluster tag, as a command and as data for "Tag it". */

import { clusterTagToWrite } from '../cluster-tags';
import { CheckInputs, Ec2Instance } from '../facts';
import { Finding, text } from '../findings';

/**
 * Tags `resourceIds` with the cluster tag (clusterTagToWrite): `kubernetes.io/cluster/<ID>=owned`,
 * or the legacy `KubernetesCluster=<ID>` for an instance (`resource`) whose metadata exposes its tags.
 */
export function tagFix(textKey: string, resourceIds: string[], inputs: Pick<CheckInputs, 'clusterId' | 'region'>, resource?: Ec2Instance): Finding['fix'] {
  const regionFlag = inputs.region ? ` --region ${ inputs.region }` : '';
  const { key, value, legacy } = clusterTagToWrite(inputs.clusterId, resource);

  return {
    text:    text(legacy ? `${ textKey }Legacy` : textKey),
    command: `aws ec2 create-tags${ regionFlag } --resources ${ resourceIds.join(' ') } --tags Key=${ key },Value=${ value }`,
    tag:     {
      resourceIds, key, value
    },
  };
}
