/**
 * The demo world running: the local AWS endpoint with the world's account, and the fake Rancher
 * API serving the dashboard build and the built extension on one origin. `npm start` and the
 * browser tests both start it; each test file gets its own, so "Tag it" in one cannot leak.
 */

import { randomBytes } from 'crypto';
import { createServer } from 'net';
import { AwsEndpoint, startAwsEndpoint } from './aws-endpoint/server';
import { Scenario } from './aws-endpoint/scenario';
import { FakeRancher, startFakeRancher } from './fake-rancher/server';
import { awsScenario } from './fake-rancher/aws-scenario';
import { CUSTOM_CLUSTER } from './fake-rancher/custom-demo';
import { BROKEN_CLUSTER } from './fake-rancher/ec2-broken';
import { EC2_CLUSTER } from './fake-rancher/ec2-demo';
import { clustersForTotal } from './fake-rancher/fleet';
import { DEMO_AMAZON_CLUSTERS } from './fake-rancher/world';

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
  /** Every Amazon cluster at a glance (the extension's page in Cluster Management). */
  fleet:           '/c/_/manager/aws-cloud-provider',
  /** Rancher's own cluster list, with the extension's column. */
  clusters:        CLUSTERS,
};

export interface Demo {
  url: string;
  awsEndpointUrl: string;
  aws: AwsEndpoint;
  rancher: FakeRancher;
  pages: typeof DEMO_PAGES;
  /** An API token the fake Rancher accepts (`Authorization: Bearer <token>`), for the CLI's fleet. */
  token: string;
  /** The world's Amazon clusters (the demo's own and any generated). */
  amazonClusters: number;
  close(): Promise<void>;
}

export interface DemoOptions {
  /** The dashboard build; without it (and `extensionDir`) only the API is served: the CLI's tests. */
  dashboardDir?: string;
  /** `dist-pkg/` */
  extensionDir?: string;
  /**
   * The world's Amazon clusters in all, generated ones (`ec2-fleet-001`...) making up what the
   * demo's own three are short of: `DEMO_CLUSTERS=200 npm start`.
   */
  clusters?: number;
  /** A port to prefer; a free one is taken when it is busy. Default: any free port. */
  port?: number;
  /** The AWS account behind the world, changed (say, 5,000 more instances); default the world's. */
  scenario?: Scenario;
  /** False: Rancher without the extension, to install it from a Helm repository (the Extensions page). */
  extensionInstalled?: boolean;
}

/** `preferred` when nothing listens there, else 0 (any free port). */
function portOr(preferred: number): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();

    probe.once('error', () => resolve(0));
    probe.listen(preferred, '127.0.0.1', () => probe.close(() => resolve(preferred)));
  });
}

/** A token in Rancher's form, `token-<5 characters>:<secret>`, new for each start. */
function newToken(): string {
  return `token-demo${ randomBytes(2).toString('hex').slice(0, 1) }:${ randomBytes(24).toString('hex') }`;
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const extra = clustersForTotal(options.clusters);
  const token = newToken();
  const aws = await startAwsEndpoint(options.scenario || awsScenario(extra));
  const rancher = await startFakeRancher({
    dashboardDir:       options.dashboardDir,
    extensionDir:       options.extensionDir,
    awsEndpointUrl:     aws.url,
    port:               options.port ? await portOr(options.port) : 0,
    host:               '127.0.0.1',
    extraClusters:      extra,
    token,
    extensionInstalled: options.extensionInstalled,
  });

  return {
    url:            rancher.url,
    awsEndpointUrl: aws.url,
    aws,
    rancher,
    pages:          DEMO_PAGES,
    token,
    amazonClusters: extra.length + DEMO_AMAZON_CLUSTERS,
    close:          async() => {
      await Promise.all([rancher.close(), aws.close()]);
    },
  };
}
