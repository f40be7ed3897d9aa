/**
 * @jest-environment ./tests/contract/rancher-origin-environment.ts
 */
/**
 * The host's `aws` store module (shell/store/aws.js), run for real in a vuex store: its `aws/ec2`
 * and `aws/iam` actions build SDK clients whose requests go through the shell's own request
 * handler and the page's `fetch` to the page's origin (here a local stand-in for Rancher, see
 * rancher-origin-environment.ts), where this test reads them.
 */

import { createStore } from 'vuex';
import * as awsModule from '@shell/store/aws';
import { awsClientsFor, FALLBACK_REGION } from '@pkg/rancher/aws-access';
import type { OriginRequest, RancherOrigin } from './rancher-origin-environment';
import { installHostApis, shellAtLeast } from './shell-host';

const origin = (globalThis as unknown as { rancherOrigin: RancherOrigin }).rancherOrigin;
const CREDENTIAL = 'cattle-global-data:cc-contract';

const DESCRIBE_INSTANCES = '<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId>' +
  '<reservationSet><item><reservationId>r-0</reservationId><instancesSet><item><instanceId>i-0123</instanceId></item></instancesSet></item></reservationSet>' +
  '</DescribeInstancesResponse>';
const GET_INSTANCE_PROFILE = '<GetInstanceProfileResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetInstanceProfileResult><InstanceProfile>' +
  '<InstanceProfileName>rancher-nodes</InstanceProfileName><InstanceProfileId>AIPA0</InstanceProfileId><Arn>arn:aws:iam::123456789012:instance-profile/rancher-nodes</Arn>' +
  '<Path>/</Path><CreateDate>2024-01-01T00:00:00Z</CreateDate><Roles/></InstanceProfile></GetInstanceProfileResult>' +
  '<ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></GetInstanceProfileResponse>';
const UNAUTHORIZED = '<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors>' +
  '<RequestID>r-3</RequestID></Response>';

/**
 * The hosts the clients' requests are proxied to. The shell's SDK clients ask for dual-stack
 * endpoints (useDualstackEndpoint) in 3.0.8 (Rancher 2.13) and 3.0.13: ec2.<region>.api.aws and
 * iam.global.api.aws. 3.0.0 (Rancher 2.10) does not: the SDK's IPv4 names ec2.<region>.amazonaws.com
 * and iam.amazonaws.com. (Shells between 3.0.0 and 3.0.8 are not measured: the first that fails here
 * moves the boundary.) Rancher's proxy must allow whichever the shell sends; the extension names neither.
 */
const DUAL_STACK = shellAtLeast('3.0.8');
const ec2Host = (region: string) => (DUAL_STACK ? `ec2.${ region }.api.aws` : `ec2.${ region }.amazonaws.com`);
const IAM_HOST = DUAL_STACK ? 'iam.global.api.aws' : 'iam.amazonaws.com';

/**
 * A vuex store with the shell's aws module, started as the dashboard starts its store: with what
 * the start-up injects into it (3.0.13's aws actions send through `this.$shell.proxy`).
 */
function hostStore() {
  const store = createStore({
    modules: {
      aws: {
        namespaced: true, state: awsModule.state, getters: awsModule.getters, mutations: awsModule.mutations, actions: awsModule.actions
      }
    }
  });

  installHostApis(store as unknown as Record<string, unknown>);

  return store;
}

function answer(body: string, status = 200) {
  origin.respond = () => ({
    status, headers: { 'content-type': 'text/xml' }, body
  });
}

function only(): OriginRequest {
  expect(origin.requests).toHaveLength(1);

  return origin.requests[0];
}

beforeEach(() => {
  origin.requests.splice(0);
});

describe('the host\'s aws store module (shell/store/aws.js)', () => {
  it('aws/ec2 gives a client whose requests go to the page\'s origin at /meta/proxy/<the region\'s EC2 host>/ with the credential header and no signature', async() => {
    answer(DESCRIBE_INSTANCES);
    const ec2 = await hostStore().dispatch('aws/ec2', { region: 'us-east-1', cloudCredentialId: CREDENTIAL });
    const out = await ec2.describeInstances({ InstanceIds: ['i-0123'] });
    const request = only();

    expect(out.Reservations[0].Instances[0].InstanceId).toBe('i-0123');
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`/meta/proxy/${ ec2Host('us-east-1') }/`);
    // The page's own origin: window.location's host and port, nothing else.
    expect(request.headers.host).toBe(new URL(origin.url).host);
    expect(request.headers['x-api-cattleauth-header']).toBe(`awsv4 credID=${ CREDENTIAL }`);
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers['x-api-auth-header']).toBeUndefined();
    expect(request.headers['content-type']).toBe('rancher:application/x-www-form-urlencoded');
    expect(request.headers['x-api-headers-restrict']).toBe('Content-Length');
    // The EC2 Query protocol: a form body naming the action and API version.
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      Action: 'DescribeInstances', Version: '2016-11-15', 'InstanceId.1': 'i-0123'
    });
  });

  it('aws/iam gives a client whose requests go to /meta/proxy/<the global IAM host>/ (whatever the region) with the credential header', async() => {
    answer(GET_INSTANCE_PROFILE);
    const iam = await hostStore().dispatch('aws/iam', { region: 'eu-west-1', cloudCredentialId: CREDENTIAL });
    const out = await iam.getInstanceProfile({ InstanceProfileName: 'rancher-nodes' });
    const request = only();

    expect(out.InstanceProfile.Arn).toBe('arn:aws:iam::123456789012:instance-profile/rancher-nodes');
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`/meta/proxy/${ IAM_HOST }/`);
    expect(request.headers['x-api-cattleauth-header']).toBe(`awsv4 credID=${ CREDENTIAL }`);
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers['content-type']).toBe('rancher:application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      Action: 'GetInstanceProfile', Version: '2010-05-08', InstanceProfileName: 'rancher-nodes'
    });
  });

  it('passes the proxy\'s status and AWS error document back as an SDK error carrying the AWS error code', async() => {
    answer(UNAUTHORIZED, 403);
    const ec2 = await hostStore().dispatch('aws/ec2', { region: 'us-east-1', cloudCredentialId: CREDENTIAL });
    const error = await ec2.describeSubnets({}).catch((e: unknown) => e);

    expect(error.name).toBe('UnauthorizedOperation');
    expect(error.$metadata.httpStatusCode).toBe(403);
  });

  it('without a cloud credential ID the client sends the SDK\'s own (random-key) signature in x-api-auth-header: the extension must always pass one', async() => {
    answer(DESCRIBE_INSTANCES);
    const ec2 = await hostStore().dispatch('aws/ec2', { region: 'us-east-1' });

    await ec2.describeInstances({});
    const request = only();

    expect(request.headers['x-api-cattleauth-header']).toBeUndefined();
    expect(request.headers['x-api-auth-header']).toMatch(/^AWS4-HMAC-SHA256 Credential=/);
  });

  it('defaults to us-west-2 when nothing names a region (aws/defaultRegion), as the extension\'s FALLBACK_REGION says', () => {
    expect(hostStore().getters['aws/defaultRegion']).toBe(FALLBACK_REGION);
  });

  it('serves the extension\'s awsClientsFor: both clients carry the chosen credential and region', async() => {
    answer(DESCRIBE_INSTANCES);
    const clients = await awsClientsFor(hostStore(), 'ap-southeast-2', CREDENTIAL);

    await clients.ec2.describeInstances({});
    expect(only().url).toBe(`/meta/proxy/${ ec2Host('ap-southeast-2') }/`);
    expect(only().headers['x-api-cattleauth-header']).toBe(`awsv4 credID=${ CREDENTIAL }`);

    origin.requests.splice(0);
    answer(GET_INSTANCE_PROFILE);
    await clients.iam.getInstanceProfile({ InstanceProfileName: 'rancher-nodes' });
    expect(only().url).toBe(`/meta/proxy/${ IAM_HOST }/`);
  });
});
