/** provisioningClusterOfRow: the provisioning cluster behind a row of Rancher's cluster list, in every shell. */
import { ClusterListRow, provisioningClusterOfRow } from '../cluster';

const provisioning: ClusterListRow = {
  id: 'fleet-default/ec2-demo', type: 'provisioning.cattle.io.cluster', spec: { rkeConfig: {} }
};
const store: Record<string, ClusterListRow> = { 'provisioning.cattle.io.cluster/fleet-default/ec2-demo': provisioning };
const byId = (type: string, id: string) => store[`${ type }/${ id }`];

describe('provisioningClusterOfRow', () => {
  it.each([
    ['3.0.0–3.0.8: the row is the provisioning cluster', provisioning, provisioning],
    ['3.0.13: a management cluster row names its provisioning cluster', {
      id: 'c-m-ec2demo1', type: 'management.cattle.io.cluster', provClusterId: 'fleet-default/ec2-demo'
    }, provisioning],
    ['3.0.13: a management cluster whose provisioning cluster is not loaded', {
      id: 'c-m-other', type: 'management.cattle.io.cluster', provClusterId: 'fleet-default/other'
    }, undefined],
    ['3.0.13: a management cluster without one (an imported cluster of the old kind)', { id: 'c-abcde', type: 'management.cattle.io.cluster' }, undefined],
  ])('%s', (_, row, expected) => {
    expect(provisioningClusterOfRow(row as ClusterListRow, byId)).toBe(expected);
  });
});
