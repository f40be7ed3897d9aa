/**
 * The getters of the shell's cluster model (models/provisioning.cattle.io.cluster.js) that the
 * extension's tabs read from their `resource` prop, on real model instances built with minimal
 * data: the model reads the store only for the management cluster (`management/byId`).
 */

import ProvCluster from '@shell/models/provisioning.cattle.io.cluster';
import CloudCredential from '@shell/models/cloudcredential';
import { getters as pluginGetters } from '@shell/store/plugins';
import { clusterKind, usesAmazonCloudProvider } from '@pkg/rancher/cluster';
import { awsCloudCredentials, cloudCredential, managementClusterId } from '@pkg/rancher/aws-access';
import { CLUSTER_TYPE } from './shell-host';

const NAMESPACE = 'fleet-default';

/** The management cluster Rancher keeps for a cluster it provisioned (RKE2, driver "imported"). */
const PROVISIONED_MGMT = { status: { provider: 'rke2', driver: 'imported' } };

function cluster(spec: Record<string, unknown>, more: Record<string, unknown> = {}, mgmt: unknown = PROVISIONED_MGMT) {
  const rootGetters = { 'management/byId': (type: string) => (type === 'management.cattle.io.cluster' ? mgmt : undefined), 'i18n/t': (key: string) => key };

  return new ProvCluster({
    id: `${ NAMESPACE }/prod`, type: CLUSTER_TYPE, metadata: { namespace: NAMESPACE, name: 'prod' }, spec, ...more
  }, { rootGetters, getters: {} });
}

const pool = (kind: string) => ({
  name: 'p', workerRole: true, machineConfigRef: { kind, name: 'nc-p' }
});

describe('the shell\'s provisioning cluster model', () => {
  it('machineProvider is the first pool\'s machineConfigRef.kind without "Config", lower case: "amazonec2" for Amazonec2Config', () => {
    const model = cluster({ rkeConfig: { machinePools: [pool('Amazonec2Config'), pool('VmwarevsphereConfig')] } });

    expect(model.machineProvider).toBe('amazonec2');
    expect(clusterKind(model.machineProvider, undefined, false)).toBe('amazonec2');
    expect(clusterKind(cluster({ rkeConfig: { machinePools: [pool('VmwarevsphereConfig')] } }).machineProvider, undefined, false)).toBe('other');
  });

  it('machineProvider is null for an RKE2 cluster without pools (custom, or a cluster being created): the route\'s type decides then', () => {
    const custom = cluster({ rkeConfig: {} });

    expect(custom.machineProvider).toBeNull();
    expect(clusterKind(custom.machineProvider, undefined, false)).toBe('custom');
    expect(clusterKind(cluster({ rkeConfig: {} }, {}, undefined).machineProvider, 'amazonec2', true)).toBe('amazonec2');
  });

  it('machineProvider follows the ui.rancher/provider annotation first (clusters of extension provisioners)', () => {
    const model = cluster({ rkeConfig: { machinePools: [pool('Amazonec2Config')] } });

    model.metadata.annotations = { 'ui.rancher/provider': 'someprovider' };
    expect(model.machineProvider).toBe('someprovider');
    expect(clusterKind(model.machineProvider, undefined, false)).toBe('other');
  });

  it('machineProvider is null for an imported RKE2 cluster, which the extension then takes for a custom one', () => {
    const imported = cluster({ rkeConfig: {} }, {}, { status: { provider: 'rke2', driver: 'rke2' } });

    expect(imported.machineProvider).toBeNull();
    expect(clusterKind(imported.machineProvider, undefined, false)).toBe('custom');
  });

  it('cloudProvider is cloud-provider-name of the first machineSelectorConfig without a machineLabelSelector (agentConfig)', () => {
    const config = (name: string) => ({
      rkeConfig: {
        machineSelectorConfig: [
          { machineLabelSelector: { matchLabels: { a: 'b' } }, config: { 'cloud-provider-name': 'azure' } },
          { config: { 'cloud-provider-name': name } },
        ]
      }
    });

    expect(cluster(config('aws')).cloudProvider).toBe('aws');
    expect(cluster(config('aws')).agentConfig).toEqual({ 'cloud-provider-name': 'aws' });
    expect(cluster(config('external')).cloudProvider).toBe('external');
    expect(usesAmazonCloudProvider(cluster(config('aws')).cloudProvider)).toBe(true);
    expect(usesAmazonCloudProvider(cluster(config('external')).cloudProvider)).toBe(true);
    expect(usesAmazonCloudProvider(cluster(config('')).cloudProvider)).toBe(false);
    expect(cluster({}).cloudProvider).toBeUndefined();
  });

  it('keeps spec.kubernetesVersion, spec.cloudCredentialSecretName and status.clusterName as plain fields; its kubernetesVersion getter prefers status.version', () => {
    const model = cluster({
      rkeConfig: {}, kubernetesVersion: 'v1.30.2+rke2r1', cloudCredentialSecretName: 'cattle-global-data:cc-abc'
    }, { status: { clusterName: 'c-m-abc', version: { gitVersion: 'v1.29.9+rke2r1' } } });

    expect(model.spec.kubernetesVersion).toBe('v1.30.2+rke2r1');
    expect(model.spec.cloudCredentialSecretName).toBe('cattle-global-data:cc-abc');
    expect(model.kubernetesVersion).toBe('v1.29.9+rke2r1');
    expect(cluster({ rkeConfig: {}, kubernetesVersion: 'v1.30.2+rke2r1' }).kubernetesVersion).toBe('v1.30.2+rke2r1');
  });

  it('mgmtClusterId is status.clusterName, as the extension\'s managementClusterId reads it (the shell also falls back to the store\'s copy of a just-created cluster)', () => {
    const model = cluster({ rkeConfig: {} }, { status: { clusterName: 'c-m-abc' } });

    expect(model.mgmtClusterId).toBe('c-m-abc');
    expect(managementClusterId(model)).toBe(model.mgmtClusterId);

    // Right after saving, the page's copy may lack status.clusterName while the store's has it.
    const fresh = new ProvCluster({
      id: `${ NAMESPACE }/prod`, type: CLUSTER_TYPE, spec: {}
    }, {
      getters:     {},
      rootGetters: { 'management/byId': (type: string) => (type === CLUSTER_TYPE ? { status: { clusterName: 'c-m-new' } } : undefined) },
    });

    expect(fresh.mgmtClusterId).toBe('c-m-new');
    expect(managementClusterId(fresh)).toBeUndefined();
  });
});

describe('the shell\'s cloud credential model', () => {
  const rootGetters = { 'plugins/credentialDriverFor': pluginGetters.credentialDriverFor() };
  const credential = (data: Record<string, unknown>) => new CloudCredential({
    id: 'cattle-global-data:cc-abc', type: 'cloudcredential', ...data
  }, { rootGetters, getters: {} });

  it('an Amazon EC2 credential has provider "aws" (from its annotation, else from amazonec2credentialConfig), nameDisplay its name and decodedData.defaultRegion its default region', async() => {
    const annotated = credential({
      name: 'aws-prod', metadata: { annotations: { 'provisioning.cattle.io/driver': 'aws' } }, amazonec2credentialConfig: { accessKey: 'AKIA0', defaultRegion: 'eu-west-1' }
    });
    const older = credential({ name: 'aws-old', amazonec2credentialConfig: { accessKey: 'AKIA1', defaultRegion: 'us-east-2' } });
    const other = credential({ name: 'do', digitaloceancredentialConfig: {} });
    const store = { dispatch: (type: string) => Promise.resolve(type === 'rancher/findAll' ? [annotated, older, other] : annotated) };

    expect([annotated.provider, older.provider, other.provider]).toEqual(['aws', 'aws', 'digitalocean']);
    expect(await awsCloudCredentials(store)).toEqual([
      {
        id: 'cattle-global-data:cc-abc', name: 'aws-prod', defaultRegion: 'eu-west-1'
      },
      {
        id: 'cattle-global-data:cc-abc', name: 'aws-old', defaultRegion: 'us-east-2'
      },
    ]);
    expect(await cloudCredential(store, 'cattle-global-data:cc-abc')).toEqual({
      id: 'cattle-global-data:cc-abc', name: 'aws-prod', defaultRegion: 'eu-west-1'
    });
  });
});
