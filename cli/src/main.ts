import { parseArgs, ParseArgsConfig } from 'util';
import { ClientsFor, Target, verifyTargets } from '@pkg/verification/verify';
import { verifyRunningCluster } from '@pkg/verification/cluster';
import { mergeFindings } from '@pkg/domain/report';
import { isControlPlaneNode, nodeLookup } from '@pkg/domain/nodes';
import { Finding, summarize } from '@pkg/domain/findings';
import { CheckInputs, ControlPlaneHints } from '@pkg/domain/facts';
import { ALL_ROLES, NodeRole, parseRoles } from '@pkg/domain/roles';
import {
  POLICY_VARIANTS, PolicyVariant, allowedActionsOf, policyForRoles, policyJson
} from '@pkg/domain/policies';
import { POLICY_FEATURES, PolicyFeature, policyKubernetesVersion, recommendedPolicy } from '@pkg/domain/recommended-policy';
import { ASSUMED_KUBERNETES_VERSION, formatVersion, parseKubernetesVersion } from '@pkg/domain/kubernetes-version';
import { SnippetFormat, defaultInstanceProfileName, snippet } from '@pkg/domain/snippets';
import { validateInstanceProfileName } from '@pkg/domain/instance-profile-name';
import { createTranslate } from './translate';
import { ConfigUsageError, printConfig } from './print-config';
import { FLEET_ARGS, FleetUsageError, fleetCommandOptions } from './fleet-options';
import {
  EXIT_INTERNAL, EXIT_OK, EXIT_UNKNOWN, EXIT_USAGE, OUTPUT_FORMATS, OutputFormat, exitCodeOf, renderJson, renderMarkdown, renderTable
} from './report';

const t = createTranslate();

/** Each command and the l10n key (under awsCloudProvider.cli) of its --help text. */
const COMMANDS = {
  check: 'usage', 'print-policy': 'usagePrintPolicy', 'print-recipe': 'usagePrintRecipe', 'print-config': 'usagePrintConfig', fleet: 'usageFleet'
} as const;

type Command = keyof typeof COMMANDS;

/** print-recipe's --format names, as the AWS docs name the tools, mapped to the panel's formats. */
const RECIPE_FORMATS: Record<string, SnippetFormat> = {
  cli: 'awsCli', cloudformation: 'cloudFormation', terraform: 'terraform'
};

export type ColourChoice = 'auto' | 'always' | 'never';

const COLOUR_CHOICES: readonly ColourChoice[] = ['auto', 'always', 'never'];

/** A usage problem: an l10n key under awsCloudProvider.cli.error and its arguments. */
class UsageError extends Error {
  constructor(key: string, args?: Record<string, unknown>) {
    super(t(`awsCloudProvider.cli.error.${ key }`, args));
  }
}

/** Node's own parser, its complaints (unknown option, missing value) shown as usage errors. */
function parseArgsOrExplain<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError('arguments', { problem: (error as Error).message });
  }
}

/** The command is the first argument unless that is an option: plain `--cluster-id …` still checks. */
function splitCommand(argv: string[]): { command: Command, args: string[] } {
  const [first, ...rest] = argv;

  if (first === undefined || first.startsWith('-')) {
    return { command: 'check', args: argv };
  }
  if (Object.prototype.hasOwnProperty.call(COMMANDS, first)) {
    return { command: first as Command, args: rest };
  }
  throw new UsageError('unknownCommand', { command: first });
}

function rolesOf(text: string | undefined): NodeRole[] {
  const { roles, unknown } = text === undefined ? { roles: [...ALL_ROLES], unknown: [] } : parseRoles(text);

  if (unknown.length || !roles.length) {
    throw new UsageError('roles', { unknown: unknown.join(', ') || '-' });
  }

  return roles;
}

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

function variantOf(text: string | undefined): PolicyVariant {
  if (text === undefined) {
    return 'rancher';
  }
  if (!(POLICY_VARIANTS as readonly string[]).includes(text)) {
    throw new UsageError('variant', { variant: text });
  }

  return text as PolicyVariant;
}

/** Colour only where a person reads it: `auto` is a terminal without NO_COLOR (https://no-color.org). */
export function useColour(choice: ColourChoice, isTty: boolean, env: NodeJS.ProcessEnv): boolean {
  if (choice !== 'auto') {
    return choice === 'always';
  }

  return isTty && !env.NO_COLOR && env.TERM !== 'dumb';
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

/**
 * The policy JSON on stdout, notes on stderr. Recommended (the default): what the provider calls for
 * --kubernetes-version (else the assumed version, said on stderr) on nodes with --roles, plus each
 * --feature; nodes that need nothing get a valid policy that grants nothing, and stderr says so.
 */
function printPolicy(args: string[]): number | 'help' {
  const { values } = parseArgsOrExplain({
    args,
    strict:  true,
    options: {
      roles:                { type: 'string' },
      variant:              { type: 'string' },
      'kubernetes-version': { type: 'string' },
      feature:              { type: 'string', multiple: true },
      help:                 { type: 'boolean', short: 'h' },
    },
  });

  if (values.help) {
    return 'help';
  }

  const roles = rolesOf(values.roles);
  const variant = values.variant === undefined ? 'recommended' : variantOf(values.variant);
  const versionText = values['kubernetes-version'];
  // Repeatable, and a comma list works too: --feature nlb,ecr.
  const features = (values.feature || []).flatMap((value) => value.split(',')).map((name) => name.trim()).filter(Boolean);
  const unknownFeature = features.find((name) => !(POLICY_FEATURES as readonly string[]).includes(name));
  const note = (key: string, noteArgs?: Record<string, unknown>) => process.stderr.write(`aws-cloud-provider-check: ${ t(`awsCloudProvider.policy.cli.${ key }`, noteArgs) }\n`);

  if (versionText !== undefined && !parseKubernetesVersion(versionText)) {
    throw new UsageError('arguments', { problem: t('awsCloudProvider.policy.cli.badVersion', { version: versionText }) });
  }
  if (unknownFeature !== undefined) {
    throw new UsageError('arguments', { problem: t('awsCloudProvider.policy.cli.badFeature', { feature: unknownFeature, features: POLICY_FEATURES.join(', ') }) });
  }
  if (variant !== 'recommended') {
    if (versionText !== undefined || features.length) {
      note('listedIgnoresOptions', { variant });
    }
    process.stdout.write(`${ policyJson(policyForRoles(roles, variant)) }\n`);

    return EXIT_OK;
  }

  const { version, assumed } = policyKubernetesVersion(versionText);
  const policy = recommendedPolicy(roles, version, features as PolicyFeature[]);

  if (assumed) {
    note('assumedVersion', { version: ASSUMED_KUBERNETES_VERSION });
  }
  if (!allowedActionsOf(policy).length) {
    note('nothingRequired', { version: formatVersion(version), roles: roles.join(', ') });
  }
  process.stdout.write(`${ policyJson(policy) }\n`);

  return EXIT_OK;
}

function printRecipe(args: string[]): number | 'help' {
  const { values } = parseArgsOrExplain({
    args,
    strict:  true,
    options: {
      roles:              { type: 'string' },
      format:             { type: 'string' },
      'instance-profile': { type: 'string' },
      variant:            { type: 'string' },
      help:               { type: 'boolean', short: 'h' },
    },
  });

  if (values.help) {
    return 'help';
  }

  const roles = rolesOf(values.roles);
  const formatName = values.format ?? 'cli';

  if (!Object.prototype.hasOwnProperty.call(RECIPE_FORMATS, formatName)) {
    throw new UsageError('format', { format: formatName });
  }

  const format = RECIPE_FORMATS[formatName];

  const instanceProfileName = values['instance-profile'] ?? defaultInstanceProfileName(roles);
  // The recipe's names go into shell commands and templates unescaped beyond quoting: only IAM names pass.
  const verdict = validateInstanceProfileName(instanceProfileName, { required: true });

  if (!verdict.valid) {
    throw new UsageError('instanceProfile', { problem: t(`awsCloudProvider.profileName.problem.${ verdict.problem }`, verdict.args) });
  }
  process.stdout.write(snippet(format, {
    roles, variant: variantOf(values.variant), instanceProfileName
  }));

  return EXIT_OK;
}

/** The rkeConfig fragment on stdout; the configuration checks' warnings on stderr. */
function printConfigCommand(args: string[]): number | 'help' {
  const { values } = parseArgsOrExplain({
    args,
    strict:  true,
    options: {
      'kubernetes-version': { type: 'string' },
      distribution:         { type: 'string' },
      pool:                 { type: 'string', multiple: true },
      'ebs-csi':            { type: 'boolean' },
      help:                 { type: 'boolean', short: 'h' },
    },
  });

  if (values.help) {
    return 'help';
  }

  let printed;

  try {
    printed = printConfig({
      kubernetesVersion: values['kubernetes-version'], distribution: values.distribution, pools: values.pool || [], ebsCsi: !!values['ebs-csi']
    });
  } catch (error) {
    if (error instanceof ConfigUsageError) {
      throw new UsageError(error.key, error.args);
    }
    throw error;
  }
  process.stdout.write(printed.yaml);
  for (const note of printed.notes) {
    process.stderr.write(`aws-cloud-provider-check: ${ t(`awsCloudProvider.${ note.key.startsWith('printConfig') ? 'cli.' : '' }${ note.key }`, note.args) }\n`);
  }

  return EXIT_OK;
}

/**
 * Every Amazon cluster of a Rancher, through Rancher's API and its /meta/proxy (cli/src/fleet.ts):
 * the report on stdout, the exit status as `check`'s over all clusters.
 */
async function fleetCommand(args: string[]): Promise<number | 'help'> {
  const { values } = parseArgsOrExplain({
    args, strict: true, options: FLEET_ARGS
  });

  if (values.help) {
    return 'help';
  }
  let options;

  try {
    options = fleetCommandOptions(values, process.env);
  } catch (error) {
    if (error instanceof FleetUsageError) {
      throw new UsageError(error.key, error.args);
    }
    throw error;
  }
  // Loaded here, as the SDK is for check: --help needs none of it.
  // eslint-disable-next-line @typescript-eslint/no-var-requires -- the reason above
  const fleet = require('./fleet') as typeof import('./fleet');
  let run;

  try {
    run = await fleet.runFleet(options);
  } catch (error) {
    const status = (error as { _status?: number })?._status;
    const key = status === 401 || status === 403 ? 'rancherUnauthorized' : 'rancherUnreachable';

    process.stderr.write(`aws-cloud-provider-check: ${ t(`awsCloudProvider.cli.error.${ key }`, { url: options.rancherUrl, message: (error as Error)?.message || String(error) }) }\n`);

    return EXIT_UNKNOWN;
  }
  if (options.output === 'json') {
    process.stdout.write(fleet.fleetJson(run, t));
  } else if (options.output === 'markdown') {
    process.stdout.write(fleet.fleetMarkdown(run, t));
  } else {
    process.stdout.write(fleet.fleetTable(run, t, useColour(options.colour, !!process.stdout.isTTY, process.env)));
  }

  return exitCodeOf(fleet.fleetSummary(run.results));
}

function usageOf(command: Command): string {
  return t(`awsCloudProvider.cli.${ COMMANDS[command] }`);
}

export async function main(argv: string[]): Promise<number> {
  let command: Command = 'check';

  try {
    const split = splitCommand(argv);
    let result: number | 'help';

    command = split.command;
    if (command === 'print-policy') {
      result = printPolicy(split.args);
    } else if (command === 'print-config') {
      result = printConfigCommand(split.args);
    } else if (command === 'print-recipe') {
      result = printRecipe(split.args);
    } else if (command === 'fleet') {
      result = await fleetCommand(split.args);
    } else {
      const options = parseCheck(split.args);

      result = options === 'help' ? 'help' : await runCheck(options);
    }
    if (result === 'help') {
      process.stdout.write(`${ usageOf(command) }\n`);

      return EXIT_OK;
    }

    return result;
  } catch (error) {
    if (!(error instanceof UsageError)) {
      throw error;
    }
    process.stderr.write(`aws-cloud-provider-check: ${ error.message }\n\n${ usageOf(command) }\n`);

    return EXIT_USAGE;
  }
}

/** main, with anything it did not expect reported as an internal error: never as a verdict on the account. */
export async function run(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (error) {
    process.stderr.write(`aws-cloud-provider-check: ${ t('awsCloudProvider.cli.error.internal', { error: String((error as Error)?.stack || error) }) }\n`);

    return EXIT_INTERNAL;
  }
}

// bin/aws-cloud-provider-check.js calls run(); this is for `npx tsx cli/src/main.ts …`.
if (require.main === module) {
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
