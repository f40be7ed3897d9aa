import { FleetAccess, verifyFleet } from '../fleet';
import { FleetCluster, isAmazonCluster, providerModeOf } from '../../rancher/fleet';
import { ClusterStateReader } from '../cluster-state';
import { ok } from '../../domain/facts';
import { storeResults, storedResults, storageKey, toStored } from '../../components/fleet/stored-results';

const CONTROLLER_MANIFEST = 'apiVersion: helm.cattle.io/v1\nkind: HelmChart\nmetadata:\n  name: aws-cloud-controller-manager\n  namespace: kube-system\nspec:\n  chart: aws-cloud-controller-manager\n  repo: https://kubernetes.github.io/cloud-provider-aws\n';

describe('which clusters the fleet holds, and their provider mode', () => {
  it('takes EC2 machine pools, the Amazon provider or the controller; not imported or other clusters', () => {
    expect(isAmazonCluster({ spec: { rkeConfig: { machinePools: [{ name: 'a', machineConfigRef: { kind: 'Amazonec2Config', name: 'nc-a' } }] } } })).toBe(true);
    expect(isAmazonCluster({ spec: { rkeConfig: { machineSelectorConfig: [{ config: { 'cloud-provider-name': 'aws' } }] } } })).toBe(true);
    expect(isAmazonCluster({ spec: { rkeConfig: { additionalManifest: CONTROLLER_MANIFEST } } })).toBe(true);
    expect(isAmazonCluster({ spec: { rkeConfig: { machinePools: [{ name: 'v', machineConfigRef: { kind: 'VmwarevsphereConfig', name: 'nc-v' } }] } } })).toBe(false);
    // The local cluster and imported clusters have no rkeConfig: Rancher does not set their provider.
    expect(isAmazonCluster({ spec: { kubernetesVersion: 'v1.33.5+k3s1' } })).toBe(false);
  });

  it('names in-tree, out-of-tree with and without the controller, and none', () => {
    const aws = { machineSelectorConfig: [{ config: { 'cloud-provider-name': 'aws' } }] };

    expect(providerModeOf('v1.26.15+rke2r1', aws)).toBe('inTree');
    expect(providerModeOf('v1.33.5+rke2r1', aws)).toBe('outOfTreeNoController');
    expect(providerModeOf('v1.33.5+rke2r1', { ...aws, additionalManifest: CONTROLLER_MANIFEST })).toBe('outOfTree');
    expect(providerModeOf('v1.26.15+rke2r1', { machineGlobalConfig: { 'cloud-provider-name': 'external' } })).toBe('outOfTreeNoController');
    expect(providerModeOf('v1.33.5+rke2r1', { machineSelectorConfig: [{ config: { 'cloud-provider-name': '' } }] })).toBe('none');
  });
});

const cluster = (index: number): FleetCluster => ({
  id: `fleet-default/c${ index }`, name: `c${ index }`, namespace: 'fleet-default', managementClusterId: `c-m-${ index }`, kubernetesVersion: 'v1.26.15+rke2r1', kind: 'custom', providerMode: 'inTree', pools: []
});

/** A downstream cluster with no nodes, answering after a tick; c3's proxy throws. */
function access(track: { now: number, peak: number }): FleetAccess {
  const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 5));

  return {
    clientsFor:   () => Promise.reject(new Error('no AWS here')),
    clusterState: (id): ClusterStateReader => ({
      nodes: async() => {
        track.now++;
        track.peak = Math.max(track.peak, track.now);
        await later(null);
        track.now--;
        if (id === 'c-m-3') {
          throw new Error('the cluster proxy broke');
        }

        return ok([]);
      },
      helmChart: () => later(ok(null)),
      job:       () => later(ok(null)),
      daemonSet: () => later(ok(null)),
      pods:      () => later(ok([])),
    }),
  };
}

describe('verifyFleet', () => {
  it('verifies a bounded number at a time; one cluster\'s error is its own result, the rest go on', async() => {
    const track = { now: 0, peak: 0 };
    const heard: string[] = [];
    const results = await verifyFleet(Array.from({ length: 10 }, (_, i) => cluster(i)), access(track), { concurrency: 3, onResult: (r) => heard.push(r.name) });

    expect(track.peak).toBe(3);
    expect(results.map((r) => r.name)).toEqual(Array.from({ length: 10 }, (_, i) => `c${ i }`));
    expect(heard.sort()).toEqual(results.map((r) => r.name).sort());
    expect(results[3]).toMatchObject({
      verdict: 'unknown', error: 'the cluster proxy broke', findings: []
    });
    // Without a credential nothing on AWS was looked at: never OK.
    expect(results[0]).toMatchObject({ notes: ['noCredential'], verdict: 'unknown' });
    expect(results.filter((r) => r.error)).toHaveLength(1);
  });

  it('stops starting clusters after a cancel', async() => {
    const controller = new AbortController();
    const results = await verifyFleet(Array.from({ length: 10 }, (_, i) => cluster(i)), access({ now: 0, peak: 0 }), {
      concurrency: 2, signal: controller.signal, onResult: () => controller.abort()
    });

    expect(results.length).toBeLessThan(10);
  });
});

describe('results kept in the browser', () => {
  it('per Rancher user, with their time and problems only', async() => {
    const [result] = await verifyFleet([cluster(1)], access({ now: 0, peak: 0 }));

    storeResults('user-a', [result]);
    expect(JSON.parse(window.localStorage.getItem(storageKey('user-a')) || '{}').results[result.id]).toEqual(toStored(result));
    expect(storedResults('user-b')[result.id]).toBeUndefined();
    expect(storedResults('user-a')[result.id]).toMatchObject({ verifiedAt: result.verifiedAt, verdict: 'unknown' });
    expect(storedResults('user-a')[result.id].problems.every((finding) => finding.status !== 'pass')).toBe(true);
  });
});
