import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { mount, flushPromises } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import LiveVerification from '../../pkg/aws-cloud-provider/components/verify/LiveVerification.vue';
import CloudProviderTab from '../../pkg/aws-cloud-provider/components/CloudProviderTab.vue';
import { startAwsEndpoint } from '../../local/aws-endpoint/server';
import { Scenario } from '../../local/aws-endpoint/scenario';
import { startMetaProxy } from '../../local/meta-proxy';
import { createHostStore } from '../rancher/host-store';
import { greenScenario, CLUSTER_ID, CLUSTER_KEY, PROFILE } from '../../local/aws-endpoint/fixtures';
import { hostStore } from '../setup/vue-setup';

/**
 * Records the panel's DOM after a green and a red verification, as HTML pages, for people to
 * look at (and to screenshot in a browser). Not part of `npm test`:
 *   RECORD_DIR=/tmp/record npx jest --testMatch '<rootDir>/tests/record/*.record.ts'
 * With RECORD_CSS set to a compiled shell stylesheet, the pages link it.
 */

const CREDENTIAL = 'cattle-global-data:cc-demo';
const OUT = process.env.RECORD_DIR || join(__dirname, '..', '..', 'recordings');

function writePage(name: string, html: string) {
  const css = process.env.RECORD_CSS ? `<link rel="stylesheet" href="${ process.env.RECORD_CSS }">` : '';

  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, `${ name }.html`), `<!DOCTYPE html><html><head><meta charset="utf-8">${ css }<style>body{padding:20px;max-width:1100px}.finding{display:flex;gap:10px;padding:4px 0}.fix{font-family:monospace;word-break:break-all}.summary{display:flex;justify-content:space-between}.resource-name{margin:15px 0 5px;font-family:monospace}.snippet{max-height:300px;overflow:auto}.controls{display:flex;gap:10px}</style></head><body class="theme-light">${ html }</body></html>`);
}

async function record(name: string, scenario: Scenario) {
  const endpoint = await startAwsEndpoint(scenario);
  const proxy = await startMetaProxy(endpoint.url, CREDENTIAL);
  const store = createHostStore({ proxyUrl: proxy.url, getters: hostStore.getters, credentials: [{ id: CREDENTIAL, name: 'aws-demo', defaultRegion: 'eu-west-1' }] });
  const pools = [
    {
      name: 'control-plane', roles: ['controlplane', 'etcd'] as any, config: {
        region: 'eu-west-1', vpcId: 'vpc-1', subnetId: 'subnet-1', securityGroup: ['rancher-nodes'], iamInstanceProfile: PROFILE
      }
    },
  ];
  const wrapper = mount(LiveVerification, {
    props:  { resource: { spec: { cloudCredentialSecretName: CREDENTIAL }, status: { clusterName: CLUSTER_ID } }, pools, kind: 'amazonec2' },
    global: { mocks: { $store: store } },
  });

  await wrapper.find('[data-testid="verify-pool"]').trigger('click');
  for (let i = 0; i < 200 && !wrapper.find('[data-testid="verification-results"]').exists(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await flushPromises();
  }
  writePage(name, wrapper.html());
  await proxy.close();
  await endpoint.close();

  return wrapper;
}

it('records a green and a red verification', async() => {
  const green = await record('verification-green', greenScenario());

  expect(green.find('[data-status="fail"]').exists()).toBe(false);

  const red = greenScenario();

  red.subnets![0].Tags = [{ Key: 'kubernetes.io/cluster/c-m-other', Value: 'owned' }];
  red.securityGroups![1].Tags = [{ Key: CLUSTER_KEY, Value: 'banana' }];
  red.roles![0].InlinePolicies = { nodes: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }] } };
  const redWrapper = await record('verification-red', red);

  expect(redWrapper.find('[data-status="fail"]').exists()).toBe(true);
});

it('records the guide for two pools', () => {
  const Editor = defineComponent({
    data: () => ({
      machinePools: [
        { pool: { name: 'control-plane', controlPlaneRole: true, etcdRole: true }, config: { iamInstanceProfile: 'arn:aws:iam::123456789012:instance-profile/rancher-cp' } },
        { pool: { name: 'workers', workerRole: true }, config: { iamInstanceProfile: 'rancher-workers' } },
      ]
    }),
    render: () => h(CloudProviderTab, { resource: { cloudProvider: 'aws', spec: { kubernetesVersion: 'v1.30.2+rke2r1' }, metadata: {} } }),
  });
  const wrapper = mount(Editor, { global: { mocks: { $route: { query: { type: 'amazonec2', rkeType: 'rke2' } } } } });

  writePage('guide', wrapper.html());
  expect(wrapper.findAll('[data-testid="pool-setup"]')).toHaveLength(2);
});
