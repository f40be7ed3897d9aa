/**
 * The demo world running: the local AWS endpoint with the world's account, and the fake Rancher
 * API serving the dashboard build and the built extension on one origin. `npm start` and the
 * browser tests both start it; each test file gets its own, so "Tag it" in one cannot leak.
 */

import { createServer } from 'net';
import { AwsEndpoint, startAwsEndpoint } from './aws-endpoint/server';
import { Scenario } from './aws-endpoint/scenario';
import { FakeRancher, startFakeRancher } from './fake-rancher/server';
import { awsScenario, BROKEN_CLUSTER, CUSTOM_CLUSTER, EC2_CLUSTER } from './fake-rancher/world';

const CLUSTERS = '/c/_/manager/provisioning.cattle.io.cluster';

/** Paths of the pages worth opening, relative to the demo's URL. */
export const DEMO_PAGES = {
  createAmazonEc2: `${ CLUSTERS }/create?type=amazonec2&rkeType=rke2`,
  createCustom:    `${ CLUSTERS }/create?type=custom&rkeType=rke2`,
  editExisting:    `${ CLUSTERS }/${ EC2_CLUSTER.id }?mode=edit`,
  detailExisting:  `${ CLUSTERS }/${ EC2_CLUSTER.id }`,
  detailCustom:    `${ CLUSTERS }/${ CUSTOM_CLUSTER.id }`,
  /** The EC2 cluster whose controller cannot start (the etcd taint): its detail and edit pages. */
  detailBroken:    `${ CLUSTERS }/${ BROKEN_CLUSTER.id }`,
  editBroken:      `${ CLUSTERS }/${ BROKEN_CLUSTER.id }?mode=edit`,
  extensions:      '/c/local/uiplugins',
};

export interface Demo {
  url: string;
  awsEndpointUrl: string;
  aws: AwsEndpoint;
  rancher: FakeRancher;
  pages: typeof DEMO_PAGES;
  close(): Promise<void>;
}

export interface DemoOptions {
  dashboardDir: string;
  /** `dist-pkg/` */
  extensionDir: string;
  /** A port to prefer; a free one is taken when it is busy. Default: any free port. */
  port?: number;
  /** The AWS account behind the world, changed (say, 5,000 more instances); default the world's. */
  scenario?: Scenario;
}

/** `preferred` when nothing listens there, else 0 (any free port). */
function portOr(preferred: number): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();

    probe.once('error', () => resolve(0));
    probe.listen(preferred, '127.0.0.1', () => probe.close(() => resolve(preferred)));
  });
}

export async function startDemo(options: DemoOptions): Promise<Demo> {
  const aws = await startAwsEndpoint(options.scenario || awsScenario());
  const rancher = await startFakeRancher({
    dashboardDir:   options.dashboardDir,
    extensionDir:   options.extensionDir,
    awsEndpointUrl: aws.url,
    port:           options.port ? await portOr(options.port) : 0,
    host:           '127.0.0.1',
  });

  return {
    url:            rancher.url,
    awsEndpointUrl: aws.url,
    aws,
    rancher,
    pages:          DEMO_PAGES,
    close:          async() => {
      await Promise.all([rancher.close(), aws.close()]);
    },
  };
}
