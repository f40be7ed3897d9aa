/**
 * A custom cluster's nodes are launched outside Rancher: what they use (region, the two role
 * groups' instance profiles, subnet, security groups) is entered on the panel, and verified as
 * two targets, one per role group.
 */
import { PoolView } from '../../rancher/machine-pools';

export interface CustomFields {
  region: string;
  controlplaneProfile: string;
  etcdWorkerProfile: string;
  subnetId: string;
  /** Security group IDs or names, comma-separated. */
  groups: string;
}

export const emptyCustomFields = (): CustomFields => ({
  region: '', controlplaneProfile: '', etcdWorkerProfile: '', subnetId: '', groups: ''
});

/** The two role groups as pools: control plane, and etcd with the workers. */
export function customTargets(fields: CustomFields, t: (key: string) => string): PoolView[] {
  const config = {
    region:        fields.region || undefined,
    subnetId:      fields.subnetId.trim() || undefined,
    securityGroup: fields.groups.split(',').map((g) => g.trim()).filter(Boolean),
  };

  return [
    {
      name: t('awsCloudProvider.verify.customName.controlplane'), roles: ['controlplane'], config: { ...config, iamInstanceProfile: fields.controlplaneProfile }
    },
    {
      name: t('awsCloudProvider.verify.customName.etcdWorker'), roles: ['etcd', 'worker'], config: { ...config, iamInstanceProfile: fields.etcdWorkerProfile }
    },
  ];
}
