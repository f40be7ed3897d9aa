/**
 * The RKE2/K3s cluster editor (shell/edit/provisioning.cattle.io.cluster/rke2.vue) holds the
 * machine pools the extension's tab reads by walking `$parent`: `machinePools`, each
 * `{ pool, config, remove, ... }`, where `config` is the pool's amazonec2 machine config that
 * shell/machine-config/amazonec2.vue edits. These tests run the editor's own code.
 */

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-non-null-assertion --
   These tests drive the shell's own editor components, JavaScript untyped here, through their
   options and internals; a component a lookup does not find fails the test at that lookup. */
import { flushPromises, mount, VueWrapper } from '@vue/test-utils';
import { defineComponent, h, shallowRef, toRaw } from 'vue';
import { deserialize, serialize } from 'v8';
import Rke2 from '@shell/edit/provisioning.cattle.io.cluster/rke2.vue';
import MachinePool from '@shell/edit/provisioning.cattle.io.cluster/tabs/MachinePool.vue';
import AmazonEc2 from '@shell/machine-config/amazonec2.vue';
import LabeledSelect from '@shell/components/form/LabeledSelect.vue';
import KeyValue from '@shell/components/form/KeyValue.vue';
import { LabeledInput } from '@components/Form/LabeledInput';
import { Checkbox } from '@components/Form/Checkbox';
import { RadioGroup } from '@components/Form/Radio';
import ProvCluster from '@shell/models/provisioning.cattle.io.cluster';
import SteveModel from '@shell/plugins/steve/steve-class';
import CloudProviderTab from '@pkg/components/CloudProviderTab.vue';
import ClusterNodesTab from '@pkg/components/ClusterNodesTab.vue';
import {
  AMAZON_EC2_CONFIG_TYPE, ancestorsOf, poolsFromEditor, poolsFromSavedCluster, PoolView
} from '@pkg/rancher/machine-pools';
import { clusterIdFromPoolTags, poolCheckInputs } from '@pkg/rancher/aws-access';
import { CLOUD_PROVIDER_TAB } from '@pkg/registration';
import {
  apisOf, CLUSTER_TYPE, EC2_CONFIG_TYPE, resolveRoute, shellHas, shellModule, store
} from './shell-host';

/**
 * The amazonec2 form's VPC/subnet choice, which moved: 3.0.0's amazonec2.vue has one "VPC/Subnet"
 * select (cluster.machineConfig.amazonEc2.selectedNetwork) whose value is a subnet or VPC ID;
 * in 3.0.8 and 3.0.13 the form delegates it to machine-config/components/EC2Networking.vue, which emits
 * update:vpcId and update:subnetId. Both write the same config fields, vpcId and subnetId.
 */
const EC2Networking = shellHas('machine-config/components/EC2Networking.vue') ? shellModule('machine-config/components/EC2Networking.vue').default : undefined;

// The dashboard's webpack turns image imports into URLs; Jest has no such loader configured.
jest.mock('@shell/assets/images/generic-catalog.svg', () => 'generic-catalog.svg');

// Browsers have structuredClone (the editor clones saved configs with it); jsdom 16 does not.
if (typeof globalThis.structuredClone === 'undefined') {
  globalThis.structuredClone = (v: unknown) => deserialize(new Uint8Array(serialize(v)));
}

const CREATE_EC2 = '/c/_/manager/provisioning.cattle.io.cluster/create?type=amazonec2&rkeType=rke2';
const NAMESPACE = 'fleet-default';
const EC2_SCHEMA = {
  id:         EC2_CONFIG_TYPE,
  attributes: {
    kind: 'Amazonec2Config', group: 'rke-machine-config.cattle.io', version: 'v1'
  }
};

type Editor = Record<string, any>;

/** A host store with the amazonec2 machine-config schema and model, as `management` has them. */
function editorStore(extra: Record<string, (payload: any) => any> = {}, getters: Record<string, unknown> = {}) {
  const dispatch = jest.fn(async(type: string, payload?: any): Promise<any> => {
    if (type in extra) {
      return extra[type](payload);
    }
    if (type === 'management/createPopulated') {
      return new SteveModel({ type: payload.type, metadata: payload.metadata }, host);
    }

    return undefined;
  });
  const host = store({
    'management/schemaFor': (id: string) => (id === EC2_CONFIG_TYPE ? EC2_SCHEMA : undefined), 'management/canList': () => true, ...getters
  }, dispatch);

  return host;
}

/** The minimal `this` of the editor's methods: only what they read. */
function editorThis(host: ReturnType<typeof store>, value: unknown): Editor {
  return {
    $store:                    host,
    value,
    provider:                  'amazonec2',
    lastIdx:                   0,
    initialMachinePoolsValues: {},
    isElementalCluster:        false,
    machinePools:              [],
    machineConfigSchema:       EC2_SCHEMA,
    extensionProvider:         undefined,
    $nextTick:                 (fn: () => void) => fn(),
    $refs:                     {},
  };
}

const methods = (Rke2 as any).methods;

describe('the RKE2 editor\'s machinePools (methods run with a minimal this)', () => {
  it('data() starts with machinePools null and takes extensionTabs from the CLUSTER_CREATE_RKE2 tabs that match the route', () => {
    const host = editorStore();
    // The page gives the editor a new cluster model; Vue runs the editor's beforeCreate, then its
    // data(). spec.rkeConfig's defaults are filled in beforeCreate in 3.0.8 and 3.0.13, in data()
    // itself in 3.0.0 (which has no beforeCreate); data() reads them.
    const value = new ProvCluster({
      type: CLUSTER_TYPE, metadata: { namespace: NAMESPACE }, spec: {}
    }, host);
    const vm = {
      provider: 'amazonec2', mode: 'create', value, $store: host, $route: resolveRoute(CREATE_EC2), ...apisOf(host)
    };

    (Rke2 as any).beforeCreate?.call(vm);
    const data = (Rke2 as any).data.call(vm);

    expect(data.machinePools).toBeNull();
    expect(data.extensionTabs.map((tab: { name: string }) => tab.name)).toEqual([CLOUD_PROVIDER_TAB]);
  });

  it('addMachinePool appends { pool: { name, roles, quantity, machineConfigRef.kind }, config: a new amazonec2config, remove: false }, the first pool with every role', async() => {
    const host = editorStore();
    const editor = editorThis(host, {});

    await methods.addMachinePool.call(editor);
    await methods.addMachinePool.call(editor);

    expect(host.dispatch).toHaveBeenCalledWith('management/createPopulated', { type: EC2_CONFIG_TYPE, metadata: { namespace: NAMESPACE } });
    expect(editor.machinePools).toHaveLength(2);
    expect(editor.machinePools[0]).toMatchObject({
      remove: false,
      create: true,
      pool:   {
        name: 'pool1', etcdRole: true, controlPlaneRole: true, workerRole: true, quantity: 1, machineConfigRef: { kind: 'Amazonec2Config', name: null }
      },
    });
    expect(editor.machinePools[1].pool).toMatchObject({
      name: 'pool2', etcdRole: false, controlPlaneRole: false, workerRole: true
    });
    expect(editor.machinePools[0].config.type).toBe(EC2_CONFIG_TYPE);

    expect(poolsFromEditor([editor])).toEqual([
      {
        name: 'pool1', roles: ['controlplane', 'etcd', 'worker'], config: editor.machinePools[0].config, editable: true
      },
      {
        name: 'pool2', roles: ['worker'], config: editor.machinePools[1].config, editable: true
      },
    ]);
  });

  it('initMachinePools loads each saved pool\'s config with management/find of <kind>config at <namespace>/<machineConfigRef.name>, the ID the extension asks for', async() => {
    const saved = {
      name: 'cp', controlPlaneRole: true, etcdRole: true, quantity: 3, machineConfigRef: { kind: 'Amazonec2Config', name: 'nc-cp' }
    };
    const config = {
      type: EC2_CONFIG_TYPE, id: `${ NAMESPACE }/nc-cp`, iamInstanceProfile: 'rancher-cp'
    };
    const host = editorStore({ 'management/find': () => config, 'management/clone': ({ resource }) => ({ ...resource }) });
    const editor = editorThis(host, { metadata: { namespace: NAMESPACE }, spec: { rkeConfig: { machinePools: [saved] } } });

    await methods.initMachinePools.call(editor, editor.value.spec.rkeConfig.machinePools);

    expect(host.dispatch).toHaveBeenCalledWith('management/find', { type: EC2_CONFIG_TYPE, id: `${ NAMESPACE }/nc-cp` });
    expect(editor.machinePools).toEqual([{
      id: 'pool1', remove: false, create: false, update: true, pool: saved, config, configMissing: false
    }]);
    expect(editor.machinePools[0].pool).not.toBe(saved);

    // The extension reads saved configs itself when the editor is out of reach: same type, same ID.
    const asked: string[] = [];

    await poolsFromSavedCluster(editor.value, (id) => {
      asked.push(id);

      return Promise.resolve(config);
    });
    expect(AMAZON_EC2_CONFIG_TYPE).toBe(EC2_CONFIG_TYPE);
    expect(asked).toEqual([`${ NAMESPACE }/nc-cp`]);
  });

  it('removeMachinePool marks a saved pool remove: true (kept in machinePools) and drops a new one: the extension skips both', async() => {
    const host = editorStore({ 'management/find': () => ({ type: EC2_CONFIG_TYPE }), 'management/clone': ({ resource }) => resource });
    const editor = editorThis(host, { metadata: { namespace: NAMESPACE } });

    await methods.initMachinePools.call(editor, [{
      name: 'saved', workerRole: true, machineConfigRef: { kind: 'Amazonec2Config', name: 'nc-saved' }
    }]);
    await methods.addMachinePool.call(editor);
    methods.removeMachinePool.call(editor, 0);
    methods.removeMachinePool.call(editor, 1);

    expect(editor.machinePools.map((entry: { pool: { name: string }, remove: boolean }) => [entry.pool.name, entry.remove])).toEqual([['saved', true]]);
    expect(poolsFromEditor([editor])).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The editor mounted: its own template renders the extension's tab, its own MachinePool renders
// the real amazonec2 form on each pool's config.

/** Renders a slot and nothing else: CruResource needs a whole store and only wraps the form here. */
const SlotOnly = defineComponent({
  render() {
    return h('div', this.$slots.default?.());
  }
});

interface Mounted { wrapper: VueWrapper<any>, editor: Editor, value: any, host: ReturnType<typeof store> }

/** A fake EC2/KMS client with just what the amazonec2 form's fetch lists. */
const ec2Lists = {
  describeRegions:           () => Promise.resolve({ Regions: [{ RegionName: 'us-east-1' }, { RegionName: 'eu-west-1' }] }),
  describeAvailabilityZones: () => Promise.resolve({ AvailabilityZones: [{ ZoneName: 'eu-west-1a' }, { ZoneName: 'eu-west-1b' }] }),
  describeVpcs:              () => Promise.resolve({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }] }),
  describeSubnets:           () => Promise.resolve({
    Subnets: [{
      SubnetId: 'subnet-1', VpcId: 'vpc-1', AvailabilityZone: 'eu-west-1b', CidrBlock: '10.0.1.0/24'
    }]
  }),
  describeSecurityGroups:    () => Promise.resolve({
    SecurityGroups: [{
      GroupName: 'k8s-nodes', GroupId: 'sg-1', VpcId: 'vpc-1'
    }]
  }),
  listKeys: () => Promise.reject(new Error('no KMS')),
};

async function mountEditor(): Promise<Mounted> {
  const host = editorStore({
    'aws/ec2':                   () => ec2Lists,
    'aws/kms':                   () => ec2Lists,
    'aws/describeInstanceTypes': () => [],
    'rancher/find':              () => ({ id: 'cattle-global-data:cc-1', decodedData: { defaultRegion: 'eu-west-1' } }),
  }, {
    // MachinePool asks type-map for the provider's form; the real getter imports it by file name
    // through webpack, so the stand-in hands over the same file.
    'type-map/hasCustomMachineConfigComponent': () => true,
    'type-map/importMachineConfig':             (provider: string) => (provider === 'amazonec2' ? AmazonEc2 : undefined),
  });
  const value = new ProvCluster({
    type: CLUSTER_TYPE, metadata: { namespace: NAMESPACE }, spec: {}
  }, host);
  const stubs: Record<string, any> = {};

  for (const name of Object.keys((Rke2 as any).components)) {
    stubs[name] = true;
  }
  // Real: the tab containers, the machine pool and its amazonec2 form. Stubbed: their inputs.
  Object.assign(stubs, {
    CruResource:              SlotOnly,
    Tabbed:                   false,
    Tab:                      false,
    MachinePool:              false,
    portal:                   SlotOnly,
    'portal-target':          true,
    LabeledInput:             true,
    LabeledSelect:            true,
    Checkbox:                 true,
    KeyValue:                 true,
    UnitInput:                true,
    Taints:                   true,
    AdvancedSection:          true,
    RadioGroup:               true,
    Ec2MachinePoolNetworking: true,
    Loading:                  true,
    Banner:                   true,
  });

  const route = resolveRoute(CREATE_EC2);

  // The shell logs its selector-config census while rendering, and Vue warns about props the
  // editor's fetch would have filled (versions, addons) and about the shell's own Tabbed.
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const wrapper = mount(Rke2 as any, {
    props:  {
      mode: 'create', value, provider: 'amazonec2'
    },
    global: {
      stubs,
      mocks: {
        $store:      host,
        $route:      route,
        // Tabs put their name in the URL hash through the router; the page itself is not loaded.
        $router:     { currentRoute: shallowRef(route), replace: () => Promise.resolve() },
        ...apisOf(host),
        $fetchState: { pending: false },
        $fetch:      () => undefined,
      },
    },
  });
  const editor = wrapper.vm as Editor;

  // The user picks a credential (SelectCredential's v-model), then what the editor's fetch does
  // on create (fetch hooks run through the dashboard's own fetch mixin, not installed here).
  editor.credentialId = 'cattle-global-data:cc-1';
  await editor.initMachinePools(value.spec.rkeConfig.machinePools);
  await editor.addMachinePool();
  await settle();

  return {
    wrapper, editor, value, host
  };
}

async function settle() {
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await flushPromises();
  }
}

function tabOf(wrapper: VueWrapper<any>) {
  return wrapper.findComponent(CloudProviderTab);
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('the RKE2 editor mounted', () => {
  it('renders the extension\'s tab with a single prop, resource = the cluster model being edited', async() => {
    const { wrapper, value } = await mountEditor();
    const tab = tabOf(wrapper);

    expect(tab.exists()).toBe(true);
    expect(tab.vm.$.vnode.props).toEqual({ resource: value });
    expect(toRaw(tab.props('resource'))).toBe(value);
    expect(tab.vm.$attrs).toEqual({});
    expect(wrapper.find(`[data-testid="${ CLOUD_PROVIDER_TAB }"]`).text()).toBe('Amazon Cloud Provider');
    // The detail page's nodes tab is not among the create page's tabs (tab-registration.test.ts:
    // excluded by its mode from 3.0.8, never looked up on this page in 3.0.0).
    expect(wrapper.findComponent(ClusterNodesTab).exists()).toBe(false);
  });

  it('is the first component with machinePools up the tab\'s $parent chain, so the tab reads the editor\'s pools', async() => {
    const { wrapper, editor } = await mountEditor();
    const chain = ancestorsOf(tabOf(wrapper).vm.$parent as any);
    const holders = chain.filter((c: any) => Array.isArray(c.machinePools));

    expect(holders[0]).toBe(editor);
    expect(poolsFromEditor(chain)).toEqual([{
      name: 'pool1', roles: ['controlplane', 'etcd', 'worker'], config: editor.machinePools[0].config, editable: true
    }]);
  });

  it('writes the chosen cloud credential to spec.cloudCredentialSecretName and the Basics cloud provider to the model\'s cloudProvider', async() => {
    const { value } = await mountEditor();

    expect(value.spec.cloudCredentialSecretName).toBe('cattle-global-data:cc-1');
    // Basics binds its select to value.agentConfig['cloud-provider-name']; the editor's
    // beforeCreate made agentConfig a live object inside spec.rkeConfig.machineSelectorConfig.
    value.agentConfig['cloud-provider-name'] = 'aws';
    expect(value.cloudProvider).toBe('aws');
    expect(value.spec.rkeConfig.machineSelectorConfig[0].config['cloud-provider-name']).toBe('aws');
  });

  it('gives each pool\'s config to the real amazonec2 form, whose fields are the ones the extension reads (region, zone letter, vpcId, subnetId, securityGroup array, iamInstanceProfile, tags as a comma string)', async() => {
    const { wrapper, editor, host } = await mountEditor();
    const form = wrapper.findComponent(AmazonEc2 as any);
    const config = editor.machinePools[0].config;

    expect(form.props('value')).toBe(config);

    // The form's fetch, as the shell's fetch mixin would run it: defaults for a new pool.
    await (AmazonEc2 as any).fetch.call(form.vm);
    await settle();
    expect(host.dispatch).toHaveBeenCalledWith('aws/ec2', { region: 'eu-west-1', cloudCredentialId: 'cattle-global-data:cc-1' });
    expect(config).toMatchObject({
      region: 'eu-west-1', zone: 'a', securityGroup: ['rancher-nodes']
    });

    // What a user does in the form, through the form's own v-model bindings (the inputs are
    // stubs; each is found by the label the form gives it).
    const select = (label: string) => form.findAllComponents(LabeledSelect as any).find((c) => c.attributes('label') === label)!;
    const t = (key: string) => form.vm.t(key);

    select(t('cluster.machineConfig.amazonEc2.zone')).vm.$emit('update:value', 'b');
    await settle();
    if (EC2Networking) {
      form.findComponent(EC2Networking).vm.$emit('update:vpcId', 'vpc-1');
      form.findComponent(EC2Networking).vm.$emit('update:subnetId', 'subnet-1');
    } else {
      // 3.0.0: the subnet picked in the VPC/Subnet select (its options: each VPC, then its subnets in the zone).
      select(t('cluster.machineConfig.amazonEc2.selectedNetwork.label')).vm.$emit('update:value', 'subnet-1');
    }
    form.findAllComponents(LabeledInput as any).find((c) => c.attributes('label') === t('cluster.machineConfig.amazonEc2.iamInstanceProfile.label'))!
      .vm.$emit('update:value', 'rancher-nodes-profile');
    // KeyValue (as-map, its default) emits the rows as one { key: value } object.
    form.findComponent(KeyValue as any).vm.$emit('update:value', { 'kubernetes.io/cluster/c-m-abc': 'owned', team: 'infra' });
    await settle();
    form.findComponent(RadioGroup as any).vm.$emit('update:value', 'custom');
    await settle();
    // Security groups are chosen by name (the form lists GroupName as the value), not by sg- ID.
    expect((form.vm as any).securityGroupOptions).toEqual([{
      label: 'k8s-nodes', description: undefined, value: 'k8s-nodes'
    }]);
    // The custom security groups select: the form's only multiple select.
    form.findAllComponents(LabeledSelect as any).find((c) => c.attributes('multiple') === 'true')!.vm.$emit('update:value', ['k8s-nodes']);
    await settle();

    expect(config).toMatchObject({
      region: 'eu-west-1', zone: 'b', vpcId: 'vpc-1', subnetId: 'subnet-1', iamInstanceProfile: 'rancher-nodes-profile', securityGroup: ['k8s-nodes'], tags: 'kubernetes.io/cluster/c-m-abc,owned,team,infra'
    });

    const pools = poolsFromEditor(ancestorsOf(tabOf(wrapper).vm.$parent as any)) as PoolView[];

    expect(poolCheckInputs(pools[0], 'c-m-abc', pools[0].config!.region!)).toMatchObject({
      region: 'eu-west-1', vpcId: 'vpc-1', subnetIds: ['subnet-1'], securityGroupIds: ['k8s-nodes'], instanceProfileName: 'rancher-nodes-profile'
    });
    expect(clusterIdFromPoolTags(pools)).toBe('c-m-abc');
  });

  it('lets the tab follow pool edits made in the editor\'s own MachinePool (name, roles) and added pools', async() => {
    const { wrapper, editor } = await mountEditor();
    const pool = wrapper.findComponent(MachinePool as any);
    const roles = () => tabOf(wrapper).findAll('[data-testid="pool-roles"]').map((w) => w.text());
    const titles = () => tabOf(wrapper).findAll('[data-testid="pool-setup"] h4').map((w) => w.text());

    expect(roles()).toEqual(['Roles: Control Plane, etcd, Worker']);
    pool.findAllComponents(Checkbox as any).find((c) => c.attributes('label') === pool.vm.t('cluster.machinePool.role.worker'))!.vm.$emit('update:value', false);
    // The name input, by its label (3.0.0's has no data-testid="machine-pool-name-input").
    pool.findAllComponents(LabeledInput as any).find((c) => c.attributes('label') === pool.vm.t('cluster.machinePool.name.label'))!.vm.$emit('update:value', 'control');
    await editor.addMachinePool();
    await settle();

    expect(roles()).toEqual(['Roles: Control Plane, etcd', 'Roles: Worker']);
    expect(titles()[0]).toContain('control');
    expect(titles()[1]).toContain('pool2');
  });
});
