/**
 * machineProviderOf: the cluster's machine provider from its own spec, whichever shell's model
 * carries it (the host's getter moved to the management cluster in shell 3.0.13).
 */

import { clusterKind, machineProviderOf } from '../cluster';

const pools = (...kinds: string[]) => ({ rkeConfig: { machinePools: kinds.map((kind) => ({ machineConfigRef: { kind } })) } });

describe('machineProviderOf', () => {
  it('is the first pool\'s machine config kind without "Config", lower case', () => {
    expect(machineProviderOf({ spec: pools('Amazonec2Config', 'VmwarevsphereConfig') })).toBe('amazonec2');
    expect(machineProviderOf({ spec: pools('VmwarevsphereConfig') })).toBe('vmwarevsphere');
    expect(machineProviderOf({ spec: pools('HarvesterConfig') })).toBe('harvester');
  });

  it('ignores the host\'s getter for RKE2 clusters: 3.0.13 answers undefined until the management cluster is loaded', () => {
    expect(machineProviderOf({ machineProvider: undefined, spec: pools('Amazonec2Config') })).toBe('amazonec2');
    expect(clusterKind(machineProviderOf({ machineProvider: undefined, spec: pools('Amazonec2Config') }), undefined, false)).toBe('amazonec2');
  });

  it('is null for an RKE2 cluster without pools, whatever the host says: custom (or a cluster being created)', () => {
    expect(machineProviderOf({ spec: { rkeConfig: {} } })).toBeNull();
    expect(machineProviderOf({ machineProvider: 'custom', spec: { rkeConfig: { machinePools: [] } } })).toBeNull();
    expect(clusterKind(machineProviderOf({ spec: { rkeConfig: {} } }), undefined, false)).toBe('custom');
    expect(clusterKind(machineProviderOf({ spec: { rkeConfig: {} } }), 'amazonec2', true)).toBe('amazonec2');
  });

  it('follows the ui.rancher/provider annotation first (clusters of extension provisioners)', () => {
    expect(machineProviderOf({ metadata: { annotations: { 'ui.rancher/provider': 'SomeProvider' } }, spec: pools('Amazonec2Config') })).toBe('someprovider');
  });

  it('takes the host\'s value for clusters without an RKE2 config (imported, hosted), and null when there is none', () => {
    expect(machineProviderOf({ machineProvider: 'EKS' })).toBe('eks');
    expect(machineProviderOf({})).toBeNull();
    expect(machineProviderOf(undefined)).toBeNull();
  });
});
