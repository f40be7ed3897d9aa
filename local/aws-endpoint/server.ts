import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import {
  Scenario, ScenarioError, ScenarioGroup, ScenarioInstance, ScenarioRouteTable, ScenarioSubnet, ScenarioTag
} from './scenario';

/**
 * A local AWS endpoint on 127.0.0.1 speaking the EC2 and IAM Query protocols: form-encoded
 * POST in, XML in each service's namespace out, AWS error XML for failures. It serves one
 * scenario (see scenario.ts), logs every request and can inject errors and latency.
 */

export interface LoggedRequest { service: 'ec2' | 'iam', action: string, params: Record<string, string> }

export interface AwsEndpoint {
  url: string;
  requests: LoggedRequest[];
  scenario: Scenario;
  close(): Promise<void>;
}

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const EC2_VERSION = '2016-11-15';

function escapeXml(value: unknown): string {
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** <name>value</name>, or nothing when value is undefined. */
function el(name: string, value: unknown): string {
  return value === undefined || value === null ? '' : `<${ name }>${ escapeXml(value) }</${ name }>`;
}

function raw(name: string, inner: string): string {
  return `<${ name }>${ inner }</${ name }>`;
}

const items = (name: string, list: unknown[], render: (x: any) => string) => raw(name, list.map((x) => raw('item', render(x))).join(''));
const members = (name: string, list: unknown[], render: (x: any) => string) => raw(name, list.map((x) => raw('member', render(x))).join(''));
const tagSet = (tags: ScenarioTag[] = []) => items('tagSet', tags, (t) => el('key', t.Key) + raw('value', escapeXml(t.Value)));

let requestCounter = 0;
const requestId = () => `00000000-0000-4000-8000-${ String(++requestCounter).padStart(12, '0') }`;

class AwsFault extends Error {
  constructor(public code: string, message: string, public status = 400) {
    super(message);
  }
}

/** EC2 `Filter.N.Name` / `Filter.N.Value.M` → { name: values }. */
function ec2Filters(params: Record<string, string>): Map<string, string[]> {
  const filters = new Map<string, string[]>();

  for (const [key, value] of Object.entries(params)) {
    const name = /^Filter\.(\d+)\.Name$/.exec(key);

    if (name) {
      const values = Object.entries(params).filter(([k]) => k.startsWith(`Filter.${ name[1] }.Value.`)).map(([, v]) => v);

      filters.set(value, values);
    }
  }

  return filters;
}

function memberList(params: Record<string, string>, prefix: string): string[] {
  return Object.entries(params).filter(([k]) => k.startsWith(`${ prefix }.member.`)).sort(([a], [b]) => Number(a.split('.').pop()) - Number(b.split('.').pop())).map(([, v]) => v);
}

function tagMatches(tags: ScenarioTag[] | undefined, filters: Map<string, string[]>): boolean {
  for (const [name, values] of filters) {
    if (name === 'tag-key' && !(tags || []).some((t) => values.includes(t.Key))) {
      return false;
    }
    if (name.startsWith('tag:') && !(tags || []).some((t) => t.Key === name.slice(4) && values.includes(t.Value))) {
      return false;
    }
  }

  return true;
}

function fieldMatches(filters: Map<string, string[]>, fields: Record<string, string | undefined>): boolean {
  for (const [name, values] of filters) {
    if (name === 'tag-key' || name.startsWith('tag:')) {
      continue;
    }
    if (!(name in fields)) {
      throw new AwsFault('InvalidParameterValue', `The filter '${ name }' is invalid`);
    }
    if (!values.includes(fields[name] as string)) {
      return false;
    }
  }

  return true;
}

/** EC2 pagination: MaxResults (5 to 1000) and an opaque NextToken. */
function ec2Page<T>(list: T[], params: Record<string, string>): { page: T[], next?: string } {
  const start = params.NextToken ? Number(Buffer.from(params.NextToken, 'base64').toString()) : 0;
  const size = params.MaxResults ? Number(params.MaxResults) : list.length || 1;

  if (params.MaxResults && (size < 5 || size > 1000)) {
    throw new AwsFault('InvalidParameterValue', 'MaxResults must be between 5 and 1000');
  }
  const page = list.slice(start, start + size);
  const next = start + size < list.length ? Buffer.from(String(start + size)).toString('base64') : undefined;

  return { page, next };
}

/** IAM pagination: MaxItems (default 100) and Marker / IsTruncated. */
function iamPage<T>(list: T[], params: Record<string, string>): { page: T[], truncated: string } {
  const start = params.Marker ? Number(Buffer.from(params.Marker, 'base64').toString()) : 0;
  const size = params.MaxItems ? Number(params.MaxItems) : 100;
  const page = list.slice(start, start + size);
  const more = start + size < list.length;

  return { page, truncated: el('IsTruncated', more) + (more ? el('Marker', Buffer.from(String(start + size)).toString('base64')) : '') };
}

function instanceXml(instance: ScenarioInstance, account: string): string {
  const state = instance.State || 'running';

  return el('instanceId', instance.InstanceId) +
    raw('instanceState', el('code', state === 'running' ? 16 : 80) + el('name', state)) +
    el('privateDnsName', instance.PrivateDnsName) +
    el('privateIpAddress', instance.PrivateIpAddress) +
    el('instanceType', 't3.medium') +
    raw('placement', el('availabilityZone', instance.AvailabilityZone || 'us-east-1a')) +
    el('subnetId', instance.SubnetId) +
    el('vpcId', instance.VpcId) +
    items('groupSet', instance.SecurityGroups || [], (g) => el('groupId', g.GroupId) + el('groupName', g.GroupName)) +
    (instance.InstanceProfile ? raw('iamInstanceProfile', el('arn', `arn:aws:iam::${ account }:instance-profile/${ instance.InstanceProfile }`) + el('id', `AIPA${ instance.InstanceProfile.toUpperCase().replace(/[^A-Z0-9]/g, '') }`)) : '') +
    tagSet(instance.Tags);
}

function ec2Response(action: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${ action }Response xmlns="${ EC2_NS }">${ el('requestId', requestId()) }${ inner }</${ action }Response>`;
}

function iamResponse(action: string, inner: string): string {
  return `<${ action }Response xmlns="${ IAM_NS }">${ raw(`${ action }Result`, inner) }${ raw('ResponseMetadata', el('RequestId', requestId())) }</${ action }Response>`;
}

function handleEc2(action: string, params: Record<string, string>, scenario: Scenario): string {
  const account = scenario.account || '123456789012';
  const filters = ec2Filters(params);

  switch (action) {
  case 'DescribeInstances': {
    const ids = Object.entries(params).filter(([k]) => k.startsWith('InstanceId.')).map(([, v]) => v);
    const matching = (scenario.instances || []).filter((i) => (!ids.length || ids.includes(i.InstanceId)) && tagMatches(i.Tags, filters) && fieldMatches(filters, {
      'instance-id': i.InstanceId, 'instance-state-name': i.State || 'running', 'subnet-id': i.SubnetId, 'vpc-id': i.VpcId, 'private-dns-name': i.PrivateDnsName, 'private-ip-address': i.PrivateIpAddress
    }));
    const { page, next } = ec2Page(matching, params);

    return ec2Response(action, items('reservationSet', page, (i: ScenarioInstance) => el('reservationId', `r-${ i.InstanceId.slice(2) }`) + el('ownerId', account) + raw('groupSet', '') + items('instancesSet', [i], (x) => instanceXml(x, account))) + el('nextToken', next));
  }
  case 'DescribeSubnets': {
    const matching = (scenario.subnets || []).filter((s: ScenarioSubnet) => tagMatches(s.Tags, filters) && fieldMatches(filters, { 'subnet-id': s.SubnetId, 'vpc-id': s.VpcId, 'availability-zone': s.AvailabilityZone }));
    const { page, next } = ec2Page(matching, params);

    return ec2Response(action, items('subnetSet', page, (s: ScenarioSubnet) => el('subnetId', s.SubnetId) + el('state', 'available') + el('vpcId', s.VpcId) + el('availabilityZone', s.AvailabilityZone || 'us-east-1a') + tagSet(s.Tags)) + el('nextToken', next));
  }
  case 'DescribeSecurityGroups': {
    const matching = (scenario.securityGroups || []).filter((g: ScenarioGroup) => tagMatches(g.Tags, filters) && fieldMatches(filters, { 'group-id': g.GroupId, 'group-name': g.GroupName, 'vpc-id': g.VpcId }));
    const { page, next } = ec2Page(matching, params);

    return ec2Response(action, items('securityGroupInfo', page, (g: ScenarioGroup) => el('ownerId', account) + el('groupId', g.GroupId) + el('groupName', g.GroupName) + el('groupDescription', g.GroupName) + el('vpcId', g.VpcId) + tagSet(g.Tags)) + el('nextToken', next));
  }
  case 'DescribeRouteTables': {
    const matching = (scenario.routeTables || []).filter((t) => fieldMatches(filters, { 'vpc-id': t.VpcId, 'route-table-id': t.RouteTableId }));
    const { page, next } = ec2Page(matching, params);

    return ec2Response(action, items('routeTableSet', page, (t: ScenarioRouteTable) => el('routeTableId', t.RouteTableId) + el('vpcId', t.VpcId) + el('ownerId', account) +
      items('routeSet', t.Routes || [], (r) => el('destinationCidrBlock', r.DestinationCidrBlock || '0.0.0.0/0') + el('gatewayId', r.GatewayId) + el('state', 'active')) +
      items('associationSet', [...(t.Main ? [{ main: true }] : []), ...(t.SubnetIds || []).map((subnetId) => ({ subnetId }))], (a: { main?: boolean, subnetId?: string }) => el('routeTableAssociationId', `rtbassoc-${ t.RouteTableId.slice(4) }${ a.subnetId || 'main' }`) + el('routeTableId', t.RouteTableId) + el('subnetId', a.subnetId) + el('main', !!a.main)) +
      tagSet([])) + el('nextToken', next));
  }
  case 'CreateTags': {
    const resources = Object.entries(params).filter(([k]) => k.startsWith('ResourceId.')).map(([, v]) => v);
    const tags: ScenarioTag[] = [];

    for (let n = 1; params[`Tag.${ n }.Key`] !== undefined; n++) {
      tags.push({ Key: params[`Tag.${ n }.Key`], Value: params[`Tag.${ n }.Value`] || '' });
    }
    if (params.DryRun === 'true') {
      throw new AwsFault('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    }
    for (const id of resources) {
      const resource: { Tags?: ScenarioTag[] } | undefined = (scenario.instances || []).find((r) => r.InstanceId === id) ||
        (scenario.subnets || []).find((r) => r.SubnetId === id) || (scenario.securityGroups || []).find((r) => r.GroupId === id);

      if (!resource) {
        throw new AwsFault('InvalidID', `The ID '${ id }' is not valid`);
      }
      resource.Tags = [...(resource.Tags || []).filter((t) => !tags.some((n) => n.Key === t.Key)), ...tags];
    }

    return ec2Response(action, el('return', true));
  }
  default:
    throw new AwsFault('InvalidAction', `The action ${ action } is not valid for this web service.`);
  }
}

function encodedDocument(document: unknown): string {
  return encodeURIComponent(JSON.stringify(document));
}

function roleXml(name: string, scenario: Scenario, withTrust: boolean): string {
  const account = scenario.account || '123456789012';
  const role = (scenario.roles || []).find((r) => r.RoleName === name);

  if (!role) {
    throw new AwsFault('NoSuchEntity', `The role with name ${ name } cannot be found.`, 404);
  }

  return el('Path', '/') + el('RoleName', role.RoleName) + el('RoleId', `AROA${ role.RoleName.toUpperCase().replace(/[^A-Z0-9]/g, '') }`) +
    el('Arn', `arn:aws:iam::${ account }:role/${ role.RoleName }`) + el('CreateDate', '2024-01-01T00:00:00Z') +
    (withTrust ? el('AssumeRolePolicyDocument', encodedDocument(role.AssumeRolePolicyDocument)) : '') +
    (role.PermissionsBoundary ? raw('PermissionsBoundary', el('PermissionsBoundaryType', 'Policy') + el('PermissionsBoundaryArn', role.PermissionsBoundary)) : '');
}

function profileXml(profile: { InstanceProfileName: string, Roles: string[], Path?: string }, scenario: Scenario): string {
  const account = scenario.account || '123456789012';

  return el('Path', profile.Path || '/') + el('InstanceProfileName', profile.InstanceProfileName) + el('InstanceProfileId', `AIPA${ profile.InstanceProfileName.toUpperCase().replace(/[^A-Z0-9]/g, '') }`) +
    el('Arn', `arn:aws:iam::${ account }:instance-profile${ profile.Path || '/' }${ profile.InstanceProfileName }`) + el('CreateDate', '2024-01-01T00:00:00Z') +
    members('Roles', profile.Roles, (name: string) => roleXml(name, scenario, true));
}

function findRole(scenario: Scenario, name: string) {
  const role = (scenario.roles || []).find((r) => r.RoleName === name);

  if (!role) {
    throw new AwsFault('NoSuchEntity', `The role with name ${ name } cannot be found.`, 404);
  }

  return role;
}

function findPolicy(scenario: Scenario, arn: string) {
  const policy = (scenario.policies || []).find((p) => p.Arn === arn);

  if (!policy) {
    throw new AwsFault('NoSuchEntity', `Policy ${ arn } does not exist or is not attachable.`, 404);
  }

  return policy;
}

function handleIam(action: string, params: Record<string, string>, scenario: Scenario): string {
  switch (action) {
  case 'GetInstanceProfile': {
    const profile = (scenario.instanceProfiles || []).find((p) => p.InstanceProfileName === params.InstanceProfileName);

    if (!profile) {
      throw new AwsFault('NoSuchEntity', `Instance Profile ${ params.InstanceProfileName } cannot be found.`, 404);
    }

    return iamResponse(action, raw('InstanceProfile', profileXml(profile, scenario)));
  }
  case 'GetRole':
    return iamResponse(action, raw('Role', roleXml(params.RoleName, scenario, true)));
  case 'GetUser': {
    if (!scenario.caller) {
      throw new AwsFault('ValidationError', 'Must specify userName when calling with non-User credentials', 400);
    }

    return iamResponse(action, raw('User', el('Path', '/') + el('UserName', scenario.caller) + el('UserId', 'AIDAEXAMPLE') +
      el('Arn', `arn:aws:iam::${ scenario.account || '123456789012' }:user/${ scenario.caller }`) + el('CreateDate', '2024-01-01T00:00:00Z')));
  }
  case 'ListInstanceProfilesForRole': {
    findRole(scenario, params.RoleName);
    const { page, truncated } = iamPage((scenario.instanceProfiles || []).filter((p) => p.Roles.includes(params.RoleName)), params);

    return iamResponse(action, members('InstanceProfiles', page, (p) => profileXml(p, scenario)) + truncated);
  }
  case 'ListAttachedRolePolicies': {
    const { page, truncated } = iamPage(findRole(scenario, params.RoleName).AttachedPolicies || [], params);

    return iamResponse(action, members('AttachedPolicies', page, (arn: string) => el('PolicyName', arn.split('/').pop()) + el('PolicyArn', arn)) + truncated);
  }
  case 'ListRolePolicies': {
    const { page, truncated } = iamPage(Object.keys(findRole(scenario, params.RoleName).InlinePolicies || {}), params);

    return iamResponse(action, members('PolicyNames', page, (name: string) => escapeXml(name)) + truncated);
  }
  case 'GetRolePolicy': {
    const document = (findRole(scenario, params.RoleName).InlinePolicies || {})[params.PolicyName];

    if (!document) {
      throw new AwsFault('NoSuchEntity', `The role policy with name ${ params.PolicyName } cannot be found.`, 404);
    }

    return iamResponse(action, el('RoleName', params.RoleName) + el('PolicyName', params.PolicyName) + el('PolicyDocument', encodedDocument(document)));
  }
  case 'GetPolicy': {
    const policy = findPolicy(scenario, params.PolicyArn);

    return iamResponse(action, raw('Policy', el('PolicyName', policy.Arn.split('/').pop()) + el('Arn', policy.Arn) + el('DefaultVersionId', policy.DefaultVersionId || 'v1') + el('AttachmentCount', 1) + el('IsAttachable', true)));
  }
  case 'GetPolicyVersion': {
    const policy = findPolicy(scenario, params.PolicyArn);

    if ((policy.DefaultVersionId || 'v1') !== params.VersionId) {
      throw new AwsFault('NoSuchEntity', `Policy ${ params.PolicyArn } version ${ params.VersionId } does not exist.`, 404);
    }

    return iamResponse(action, raw('PolicyVersion', el('Document', encodedDocument(policy.Document)) + el('VersionId', params.VersionId) + el('IsDefaultVersion', true)));
  }
  case 'SimulatePrincipalPolicy': {
    if (params.PolicySourceArn.includes(':user/')) {
      const decisions = scenario.callerSimulation;

      if (!decisions) {
        throw new AwsFault('AccessDenied', `User is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${ params.PolicySourceArn }`, 403);
      }

      return iamResponse(action, members('EvaluationResults', memberList(params, 'ActionNames'), (name: string) => el('EvalActionName', name) + el('EvalResourceName', memberList(params, 'ResourceArns')[0] || '*') +
        el('EvalDecision', decisions[name] || 'implicitDeny') + raw('MatchedStatements', '') + raw('MissingContextValues', '')) + el('IsTruncated', false));
    }
    if (!scenario.simulation) {
      throw new AwsFault('AccessDenied', `User is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${ params.PolicySourceArn }`, 403);
    }
    const simulation = scenario.simulation;
    const { page, truncated } = iamPage(memberList(params, 'ActionNames'), params);

    return iamResponse(action, members('EvaluationResults', page, (name: string) => el('EvalActionName', name) + el('EvalResourceName', '*') +
      el('EvalDecision', simulation.decisions?.[name] || simulation.default || 'implicitDeny') + raw('MatchedStatements', '') + raw('MissingContextValues', '')) + truncated);
  }
  default:
    throw new AwsFault('InvalidAction', `Could not find operation ${ action } for version 2010-05-08`, 400);
  }
}

function errorXml(service: 'ec2' | 'iam', code: string, message: string): string {
  if (service === 'ec2') {
    return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${ escapeXml(code) }</Code><Message>${ escapeXml(message) }</Message></Error></Errors><RequestID>${ requestId() }</RequestID></Response>`;
  }

  return `<ErrorResponse xmlns="${ IAM_NS }"><Error><Type>Sender</Type><Code>${ escapeXml(code) }</Code><Message>${ escapeXml(message) }</Message></Error><RequestId>${ requestId() }</RequestId></ErrorResponse>`;
}

function injectedError(scenario: Scenario, action: string): ScenarioError | undefined {
  const error = (scenario.errors || []).find((e) => (!e.action || e.action === action) && (e.times === undefined || e.times > 0));

  if (error && error.times !== undefined) {
    error.times--;
  }

  return error;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';

  req.setEncoding('utf8');
  for await (const chunk of req) {
    body += chunk;
  }

  return body;
}

/** Serves `scenario` until closed. The scenario object is live: tests may change it between calls. */
export async function startAwsEndpoint(scenario: Scenario, port = 0): Promise<AwsEndpoint> {
  const requests: LoggedRequest[] = [];
  const pending = new Set<ServerResponse>();

  const server: Server = createServer(async(req, res) => {
    const body = await readBody(req);
    const params = Object.fromEntries(new URLSearchParams(body));
    const service = params.Version === EC2_VERSION ? 'ec2' : 'iam';
    const action = params.Action || '';
    const reply = (status: number, xml: string) => res.writeHead(status, { 'Content-Type': 'text/xml;charset=UTF-8', 'x-amzn-RequestId': requestId() }).end(xml);

    requests.push({ service, action, params });
    if (endpoint.scenario.latencyMs) {
      await new Promise((resolve) => setTimeout(resolve, endpoint.scenario.latencyMs));
    }

    const injected = injectedError(endpoint.scenario, action);

    if (injected?.kind === 'timeout') {
      pending.add(res); // never answered; closed with the server

      return;
    }
    if (injected?.kind === 'malformed') {
      reply(200, `<${ action }Response xmlns="${ service === 'ec2' ? EC2_NS : IAM_NS }"><unclosed>`);

      return;
    }
    if (injected) {
      reply(injected.status || 400, errorXml(service, injected.code || 'InternalError', injected.message || 'injected error'));

      return;
    }

    try {
      reply(200, service === 'ec2' ? handleEc2(action, params, endpoint.scenario) : handleIam(action, params, endpoint.scenario));
    } catch (error) {
      const fault = error instanceof AwsFault ? error : new AwsFault('InternalError', String(error), 500);

      reply(fault.status, errorXml(service, fault.code, fault.message));
    }
  });

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  const endpoint: AwsEndpoint = {
    url:   `http://127.0.0.1:${ (server.address() as AddressInfo).port }`,
    requests,
    scenario,
    close: () => new Promise<void>((resolve) => {
      for (const res of pending) {
        res.destroy();
      }
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };

  return endpoint;
}
