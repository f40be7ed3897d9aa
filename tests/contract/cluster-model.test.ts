/**
 * The getters of the shell's cluster model (models/provisioning.cattle.io.cluster.js) that the
 * extension's tabs read from their `resource` prop, on real model instances built with minimal
 * data: the model reads the store only for the management cluster (`management/byId`, a real
 * management cluster model here, as the store holds).
 *
 * Where the getters moved between shells, each shell's own shape is asserted, with what the
 * extension reads instead (machineProviderOf, spec.kubernetesVersion) the same in all of them.
 */

import ProvCluster from '@shell/models/provisioning.cattle.io.cluster';
import MgmtCluster from '@shell/models/management.cattle.io.cluster';
import CloudCredential from '@shell/models/cloudcredential';
import { getters as pluginGetters } from '@shell/store/plugins';
import { clusterKind, machineProviderOf, usesAmazonCloudProvider } from '@pkg/rancher/cluster';
import { awsCloudCredentials, cloudCredential, managementClusterId } from '@pkg/rancher/aws-access';
import { CLUSTER_TYPE, shellAtLeast } from './shell-host';

const NAMESPACE = 'fleet-default';
const MGMT_TYPE = 'management.cattle.io.cluster';

/**
 * 3.0.13 (Rancher 2.15) moved the provisioning cluster's machineProvider and kubernetesVersion
 * getters to the management cluster's model: machineProvider is the management cluster's
 * status.info.machineProvider, kubernetesVersion its status.info.kubernetesVersion. In 3.0.0 and
 * 3.0.8 (and, per rancher/cluster.ts, up to 3.0.12) they read the provisioning cluster itself
 * (annotation, first pool's kind; status.version, spec.kubernetesVersion).
 */
const GETTERS_ON_MGMT = shellAtLeast('3.0.13');

const i18nT = (key: string) => key;

/** The shell's management cluster model with `status`, as `management/byId` answers it. */
function mgmtCluster(status: Record<string, unknown>) {
  return new MgmtCluster({
    id: 'c-m-abc', type: MGMT_TYPE, status
  }, { rootGetters: { 'i18n/t': i18nT }, getters: {} });
}

/** The management cluster Rancher keeps for a cluster it provisioned with Amazon EC2 pools (RKE2, driver "imported"). */
const PROVISIONED_MGMT = mgmtCluster({
  provider: 'rke2', driver: 'imported', info: { machineProvider: 'amazonec2' }
});

/** `management/byId` finds no management cluster (a cluster being created, or one the store has not loaded). */
const NOT_IN_STORE = null;

/** A saved cluster (status.clusterName names its management cluster `mgmt`), unless `mgmt` is NOT_IN_STORE. */
function cluster(spec: Record<string, unknown>, more: Record<string, unknown> = {}, mgmt: { id: string } | null = PROVISIONED_MGMT) {
  const rootGetters = { 'management/byId': (type: string, id: string) => (type === MGMT_TYPE && mgmt && id === mgmt.id ? mgmt : undefined), 'i18n/t': i18nT };

  return new ProvCluster({
    id: `${ NAMESPACE }/prod`, type: CLUSTER_TYPE, metadata: { namespace: NAMESPACE, name: 'prod' }, spec, ...(mgmt ? { status: { clusterName: mgmt.id } } : {}), ...more
  }, { rootGetters, getters: {} });
}

const pool = (kind: string) => ({
  name: 'p', workerRole: true, machineConfigRef: { kind, name: 'nc-p' }
});

describe('the shell\'s provisioning cluster model', () => {
  it('machineProvider is "amazonec2" for Amazon EC2 pools: the first pool\'s machineConfigRef.kind without "Config" (before 3.0.13), the management cluster\'s status.info.machineProvider (3.0.13); machineProviderOf reads the pools in every shell', () => {
    const model = cluster({ rkeConfig: { machinePools: [pool('Amazonec2Config'), pool('VmwarevsphereConfig')] } });
    // The management cluster not (yet) in the store, or without status.info: right after
    // creating, or when the store has not loaded it.
    const unloaded = cluster({ rkeConfig: { machinePools: [pool('Amazonec2Config')] } }, {}, NOT_IN_STORE);
    const noInfo = cluster({ rkeConfig: { machinePools: [pool('Amazonec2Config')] } }, {}, mgmtCluster({ provider: 'rke2', driver: 'imported' }));

    expect(model.machineProvider).toBe('amazonec2');
    if (GETTERS_ON_MGMT) {
      expect(unloaded.machineProvider).toBeUndefined();
      expect(noInfo.machineProvider).toBeUndefined();
    } else {
      expect(unloaded.machineProvider).toBe('amazonec2');
      expect(noInfo.machineProvider).toBe('amazonec2');
    }
    // What the extension's tabs go by, the same everywhere.
    expect([model, unloaded, noInfo].map(machineProviderOf)).toEqual(['amazonec2', 'amazonec2', 'amazonec2']);
    expect(clusterKind(machineProviderOf(model), undefined, false)).toBe('amazonec2');
    expect(clusterKind(machineProviderOf(cluster({ rkeConfig: { machinePools: [pool('VmwarevsphereConfig')] } }, {}, mgmtCluster({ info: { machineProvider: 'vmwarevsphere' } }))), undefined, false)).toBe('other');
  });

  it('machineProvider is null for an RKE2 cluster without pools (custom, or a cluster being created) before 3.0.13, and undefined in 3.0.13; machineProviderOf gives null in both, and the route\'s type decides then', () => {
    const custom = cluster({ rkeConfig: {} }, {}, mgmtCluster({
      provider: 'rke2', driver: 'imported', info: {}
    }));
    const creating = cluster({ rkeConfig: {} }, {}, NOT_IN_STORE);

    if (GETTERS_ON_MGMT) {
      expect(custom.machineProvider).toBeUndefined();
      expect(creating.machineProvider).toBeUndefined();
    } else {
      expect(custom.machineProvider).toBeNull();
      expect(creating.machineProvider).toBeNull();
    }
    expect(machineProviderOf(custom)).toBeNull();
    expect(clusterKind(machineProviderOf(custom), undefined, false)).toBe('custom');
    expect(clusterKind(machineProviderOf(creating), 'amazonec2', true)).toBe('amazonec2');
  });

  it('machineProvider follows the ui.rancher/provider annotation first (clusters of extension provisioners) before 3.0.13, the management cluster\'s word in 3.0.13; machineProviderOf follows the annotation in both', () => {
    const model = cluster({ rkeConfig: { machinePools: [pool('Amazonec2Config')] } }, {}, mgmtCluster({
      provider: 'rke2', driver: 'imported', info: { machineProvider: 'someprovider' }
    }));

    model.metadata.annotations = { 'ui.rancher/provider': 'someprovider' };
    expect(model.machineProvider).toBe('someprovider');
    expect(machineProviderOf(model)).toBe('someprovider');
    expect(clusterKind(machineProviderOf(model), undefined, false)).toBe('other');

    const annotatedOnly = cluster({ rkeConfig: { machinePools: [pool('Amazonec2Config')] } }, {}, NOT_IN_STORE);

    annotatedOnly.metadata.annotations = { 'ui.rancher/provider': 'someprovider' };
    expect(annotatedOnly.machineProvider).toBe(GETTERS_ON_MGMT ? undefined : 'someprovider');
    expect(machineProviderOf(annotatedOnly)).toBe('someprovider');
  });

  it('machineProvider is null (before 3.0.13) or undefined (3.0.13) for an imported RKE2 cluster, which the extension then takes for a custom one', () => {
    const imported = cluster({ rkeConfig: {} }, {}, mgmtCluster({
      provider: 'rke2', driver: 'rke2', info: {}
    }));

    expect(imported.machineProvider).toBe(GETTERS_ON_MGMT ? undefined : null);
    expect(machineProviderOf(imported)).toBeNull();
    expect(clusterKind(machineProviderOf(imported), undefined, false)).toBe('custom');
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

  it('keeps spec.kubernetesVersion (what the extension reads), spec.cloudCredentialSecretName and status.clusterName as plain fields; its kubernetesVersion getter is the running version', () => {
    const running = mgmtCluster({
      provider: 'rke2', driver: 'imported', info: { kubernetesVersion: 'v1.29.9+rke2r1' }
    });
    const model = cluster({
      rkeConfig: {}, kubernetesVersion: 'v1.30.2+rke2r1', cloudCredentialSecretName: 'cattle-global-data:cc-abc'
    }, { status: { clusterName: 'c-m-abc', version: { gitVersion: 'v1.29.9+rke2r1' } } }, running);
    const fresh = cluster({ rkeConfig: {}, kubernetesVersion: 'v1.30.2+rke2r1' }, {}, mgmtCluster({
      provider: 'rke2', driver: 'imported', info: {}
    }));

    expect(model.spec.kubernetesVersion).toBe('v1.30.2+rke2r1');
    expect(model.spec.cloudCredentialSecretName).toBe('cattle-global-data:cc-abc');
    expect(model.status.clusterName).toBe('c-m-abc');
    expect(model.kubernetesVersion).toBe('v1.29.9+rke2r1');
    // Before the cluster runs: the spec's version before 3.0.13; the management cluster's
    // "provisioning" text in 3.0.13 (so the extension reads spec.kubernetesVersion, never this getter).
    expect(fresh.kubernetesVersion).toBe(GETTERS_ON_MGMT ? 'generic.provisioning' : 'v1.30.2+rke2r1');
  });

  it('mgmtClusterId is status.clusterName, as the extension\'s managementClusterId reads it (the shell also falls back to the store\'s copy of a just-created cluster)', () => {
    const model = cluster({ rkeConfig: {} }, { status: { clusterName: 'c-m-abc' } });

    expect(model.mgmtClusterId).toBe('c-m-abc');
    expect(managementClusterId(model)).toBe(model.mgmtClusterId);

    // Right after saving, the page's copy may lack status.clusterName while the store's has it.
    // 3.0.8 and 3.0.13 read the store's copy then; 3.0.0 has no such fallback: its mgmtClusterId
    // is the management cluster's ID when status.clusterName finds it in the store, else the
    // provisioning cluster's name, never a management cluster ID. The extension uses neither guess.
    const fresh = new ProvCluster({
      id: `${ NAMESPACE }/prod`, type: CLUSTER_TYPE, metadata: { namespace: NAMESPACE, name: 'prod' }, spec: {}
    }, {
      getters:     {},
      rootGetters: { 'management/byId': (type: string) => (type === CLUSTER_TYPE ? { status: { clusterName: 'c-m-new' } } : undefined) },
    });

    expect(fresh.mgmtClusterId).toBe(shellAtLeast('3.0.8') ? 'c-m-new' : 'prod');
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
