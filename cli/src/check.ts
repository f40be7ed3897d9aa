/**
 * `check` (the default command): the AWS account, and with a kubeconfig the running cluster, as
 * the panel verifies them, through the SDK's clients; the report on stdout (report.ts) and the
 * exit status of its verdicts.
 */
import { ClientsFor, Target, verifyTargets } from '@pkg/verification/verify';
import { verifyRunningCluster } from '@pkg/verification/cluster';
import { mergeFindings } from '@pkg/domain/report';
import { isControlPlaneNode, nodeLookup } from '@pkg/domain/nodes';
import { Finding, summarize } from '@pkg/domain/findings';
import { CheckInputs, ControlPlaneHints } from '@pkg/domain/facts';
import { NodeRole } from '@pkg/domain/roles';
import {
  COLOUR_CHOICES, ColourChoice, UsageError, parseArgsOrExplain, rolesOf, t, useColour
} from './arguments';
import {
  EXIT_UNKNOWN, OUTPUT_FORMATS, OutputFormat, exitCodeOf, renderJson, renderMarkdown, renderTable
} from './report';

/**
 * Which instances are control-plane nodes: as given, else from --roles of --instance-profile
 * when those were given; with nothing, the report says which verdicts that leaves unknown.
 */
function controlPlaneHints(values: { 'control-plane-profile'?: string[], 'control-plane-instance'?: string[], 'instance-profile'?: string, roles?: string }, roles: NodeRole[]): ControlPlaneHints {
  const profiles = values['control-plane-profile'] || [];
  const asked = values['instance-profile'];
  const rolesGiven = values.roles !== undefined && !!asked;

  return {
    instanceIds:   values['control-plane-instance'] || [],
    profiles:      [...profiles, ...(rolesGiven && roles.includes('controlplane') ? [asked as string] : [])],
    otherProfiles: rolesGiven && !roles.includes('controlplane') && !profiles.includes(asked as string) ? [asked as string] : [],
  };
}

interface CheckOptions {
  inputs: CheckInputs;
  endpointUrl?: string;
  profile?: string;
  output: OutputFormat;
  colour: ColourChoice;
  timeoutMs: number;
  /** The running cluster's kubeconfig: --kubeconfig, else KUBECONFIG (`fromEnv`, said on stderr). */
  kubeconfig?: { file: string, fromEnv: boolean };
}

function parseCheck(args: string[]): CheckOptions | 'help' {
  const { values } = parseArgsOrExplain({
    args,
    strict:  true,
    options: {
      'cluster-id':             { type: 'string' },
      region:                   { type: 'string' },
      profile:                  { type: 'string' },
      'instance-profile':       { type: 'string' },
      roles:                    { type: 'string' },
      'vpc-id':                 { type: 'string' },
      'subnet-id':              { type: 'string', multiple: true },
      'security-group-id':      { type: 'string', multiple: true },
      'instance-id':            { type: 'string', multiple: true },
      'kubernetes-version':     { type: 'string' },
      'control-plane-profile':  { type: 'string', multiple: true },
      'control-plane-instance': { type: 'string', multiple: true },
      'endpoint-url':           { type: 'string' },
      kubeconfig:               { type: 'string' },
      timeout:                  { type: 'string' },
      'check-pass-role':        { type: 'boolean' },
      output:                   { type: 'string' },
      json:                     { type: 'boolean' },
      color:                    { type: 'string' },
      help:                     { type: 'boolean', short: 'h' },
    },
  });

  if (values.help) {
    return 'help';
  }

  const clusterId = values['cluster-id'];
  // KUBECONFIG alone also checks the cluster (runCheck says so on stderr); --kubeconfig "" checks AWS only.
  const kubeconfigFile = values.kubeconfig ?? process.env.KUBECONFIG;
  const kubeconfig = kubeconfigFile ? { file: kubeconfigFile, fromEnv: values.kubeconfig === undefined } : undefined;

  if (!clusterId && !kubeconfig) {
    throw new UsageError('clusterIdOrKubeconfig');
  }

  const roles = rolesOf(values.roles);
  const timeoutSeconds = values.timeout === undefined ? 10 : Number(values.timeout);

  if (!(timeoutSeconds > 0)) {
    throw new UsageError('timeout');
  }
  if (values['endpoint-url'] && !/^https?:\/\//.test(values['endpoint-url'])) {
    throw new UsageError('endpointUrl');
  }

  const output = values.output ?? (values.json ? 'json' : 'table');

  if (!(OUTPUT_FORMATS as readonly string[]).includes(output)) {
    throw new UsageError('output', { output });
  }
  if (values.json && output !== 'json') {
    throw new UsageError('outputConflict', { output });
  }

  const colour = values.color ?? 'auto';

  if (!(COLOUR_CHOICES as readonly string[]).includes(colour)) {
    throw new UsageError('color', { color: colour });
  }

  return {
    inputs: {
      clusterId:           clusterId || '',
      // The AWS CLI's order; the profile's own region is asked of the SDK when the check starts.
      region:              values.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION,
      roles,
      instanceProfileName: values['instance-profile'],
      subnetIds:           values['subnet-id'] || [],
      securityGroupIds:    values['security-group-id'] || [],
      vpcId:               values['vpc-id'],
      instanceIds:         values['instance-id'] || [],
      kubernetesVersion:   values['kubernetes-version'],
      controlPlane:        controlPlaneHints(values, roles),
      checkPassRole:       !!values['check-pass-role'],
    },
    endpointUrl: values['endpoint-url'],
    profile:     values.profile,
    output:      output as OutputFormat,
    colour:      colour as ColourChoice,
    timeoutMs:   timeoutSeconds * 1000,
    kubeconfig,
  };
}

/** An API answer that is a network failure (ECONNREFUSED, ENOTFOUND, ...), not the server's. */
const isNetworkError = (code: string) => /^E[A-Z]+$/.test(code);

/**
 * --kubeconfig: the running cluster through its API (the detail tab's use case: controller, nodes,
 * and the nodes' instances on AWS), then the AWS checks of the inputs given besides, with the
 * cluster ID the instances carry when none was given. A cluster that refuses the credential or
 * cannot be reached is an error on stderr (exit 3), not a report of unknowns.
 */
async function checkCluster(inputs: Target, kubeconfig: NonNullable<CheckOptions['kubeconfig']>, timeoutMs: number, clientsFor: ClientsFor): Promise<{ inputs: Target, findings: Finding[] } | number> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires -- loaded only with a kubeconfig, as the SDK is (above)
  const { kubeReader, loadKubeConfig } = require('./kube-reader') as typeof import('./kube-reader');
  let config;

  try {
    config = loadKubeConfig(kubeconfig.file);
  } catch (error) {
    throw new UsageError('kubeconfig', { file: kubeconfig.file, problem: (error as Error).message });
  }

  const reader = kubeReader(config, timeoutMs);
  const { context, server } = reader.describe();

  if (kubeconfig.fromEnv) {
    process.stderr.write(`aws-cloud-provider-check: ${ t('awsCloudProvider.cli.kubeconfigFromEnv', { file: kubeconfig.file, context }) }\n`);
  }

  const version = await reader.serverVersion();

  if (!version.ok && (version.error.code === 'Unauthorized' || isNetworkError(version.error.code))) {
    const key = version.error.code === 'Unauthorized' ? 'clusterUnauthorized' : 'clusterUnreachable';

    process.stderr.write(`aws-cloud-provider-check: ${ t(`awsCloudProvider.cli.error.${ key }`, {
      server, context, code: version.error.code, message: version.error.message
    }) }\n`);

    return EXIT_UNKNOWN;
  }

  const kubernetesVersion = inputs.kubernetesVersion || (version.ok ? version.value : undefined);
  const running = await verifyRunningCluster(reader, {
    kubernetesVersion, clusterId: inputs.clusterId || undefined, fallbackRegion: inputs.region
  }, clientsFor);
  const header = {
    ...inputs, kubernetesVersion, clusterId: running.clusterId, region: running.region
  };
  const asked = inputs.instanceProfileName || inputs.subnetIds.length || inputs.securityGroupIds.length || inputs.instanceIds.length;

  if (!asked || !running.clusterId) {
    return { inputs: header, findings: running.findings };
  }

  // The nodes' role labels say which instances are control-plane nodes, unless the options said.
  const given = inputs.controlPlane && (inputs.controlPlane.instanceIds?.length || inputs.controlPlane.profiles?.length || inputs.controlPlane.otherProfiles?.length);
  const nodes = running.nodes.ok ? running.nodes.value : [];
  const controlPlane = given ? inputs.controlPlane : { instanceIds: nodes.filter(isControlPlaneNode).map((node) => nodeLookup(node).instanceId).filter((id): id is string => !!id) };
  const aws = await verifyTargets([{ ...header, controlPlane }], clientsFor);

  return { inputs: header, findings: mergeFindings([running.findings, aws.findings]) };
}

async function runCheck(options: CheckOptions): Promise<number> {
  // Loaded here, not at start-up: the SDK is most of the CLI's load time and --help needs none of
  // it. require, not import(): tsx's CommonJS hook (the bin in this repository) serves only require.
  // eslint-disable-next-line @typescript-eslint/no-var-requires -- the reason above
  const { sdkClients, sdkRegion } = require('./sdk-clients') as typeof import('./sdk-clients');
  const region = options.inputs.region || await sdkRegion(options.profile);

  if (!region) {
    throw new UsageError('noRegion');
  }

  const asked = { ...options.inputs, region };
  const clientsFor: ClientsFor = async(target) => sdkClients(target, options.endpointUrl, options.timeoutMs, options.profile);
  // The panel's use cases, with the SDK's clients instead of the host's.
  const run = options.kubeconfig ? await checkCluster(asked, options.kubeconfig, options.timeoutMs, clientsFor) : { inputs: asked, findings: (await verifyTargets([asked], clientsFor)).findings };

  if (typeof run === 'number') {
    return run;
  }

  const { inputs, findings } = run;

  switch (options.output) {
  case 'json':
    process.stdout.write(renderJson(inputs, findings, t));
    break;
  case 'markdown':
    process.stdout.write(renderMarkdown(inputs, findings, t));
    break;
  default:
    process.stdout.write(renderTable(inputs, findings, t, useColour(options.colour, !!process.stdout.isTTY, process.env)));
  }

  return exitCodeOf(summarize(findings));
}

/** `check`'s arguments, then the check; 'help' for --help. */
export async function checkCommand(args: string[]): Promise<number | 'help'> {
  const options = parseCheck(args);

  return options === 'help' ? 'help' : runCheck(options);
}
