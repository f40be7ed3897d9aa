/**
 * The AWS Query protocol as the local endpoint speaks it: form-encoded parameters in (EC2's
 * `Filter.N.*` and `Name.N` lists, IAM's `.member.N`), XML out in each service's namespace,
 * EC2's and IAM's error documents, their pagination, and EC2's filter matching (wildcards,
 * tags, unknown filters refused).
 */

import { Scenario, ScenarioTag } from './scenario';

export const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
export const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
export const EC2_VERSION = '2016-11-15';

export function escapeXml(value: unknown): string {
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** <name>value</name>, or nothing when value is undefined. */
export function el(name: string, value: unknown): string {
  return value === undefined || value === null ? '' : `<${ name }>${ escapeXml(value) }</${ name }>`;
}

export function raw(name: string, inner: string): string {
  return `<${ name }>${ inner }</${ name }>`;
}

export const items = <T>(name: string, list: T[], render: (x: T) => string) => raw(name, list.map((x) => raw('item', render(x))).join(''));
export const members = <T>(name: string, list: T[], render: (x: T) => string) => raw(name, list.map((x) => raw('member', render(x))).join(''));
export const tagSet = (tags: ScenarioTag[] = []) => items('tagSet', tags, (t) => el('key', t.Key) + raw('value', escapeXml(t.Value)));
export const strings = (name: string, list: string[]) => items(name, list, (x: string) => escapeXml(x));

let requestCounter = 0;

export const requestId = () => `00000000-0000-4000-8000-${ String(++requestCounter).padStart(12, '0') }`;

export class AwsFault extends Error {
  constructor(public code: string, message: string, public status = 400) {
    super(message);
  }
}

/** EC2 `Filter.N.Name` / `Filter.N.Value.M` → { name: values }. */
export function ec2Filters(params: Record<string, string>): Map<string, string[]> {
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

/** EC2 `Name.N` list parameters (`InstanceId.1`, `ZoneName.2`...), in order. */
export function ec2List(params: Record<string, string>, name: string): string[] {
  return Object.entries(params).filter(([k]) => new RegExp(`^${ name }\\.\\d+$`).test(k)).sort(([a], [b]) => Number(a.split('.').pop()) - Number(b.split('.').pop())).map(([, v]) => v);
}

export function memberList(params: Record<string, string>, prefix: string): string[] {
  return Object.entries(params).filter(([k]) => k.startsWith(`${ prefix }.member.`)).sort(([a], [b]) => Number(a.split('.').pop()) - Number(b.split('.').pop())).map(([, v]) => v);
}

// Compiled once per wildcard value: a scan's request tests each value against every instance.
export const wildcardPatterns = new Map<string, RegExp>();

export function wildcardPattern(value: string): RegExp {
  let pattern = wildcardPatterns.get(value);

  if (!pattern) {
    const source = value.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');

    pattern = new RegExp(`^${ source }$`);
    wildcardPatterns.set(value, pattern);
  }

  return pattern;
}

/** EC2 filter values may use the wildcards `*` and `?`. */
export function valueMatches(values: string[], actual: string | undefined): boolean {
  const wildcard = (value: string) => wildcardPattern(value).test(actual as string);

  return actual !== undefined && values.some((v) => v === actual || (/[*?]/.test(v) && wildcard(v)));
}

export function tagMatches(tags: ScenarioTag[] | undefined, filters: Map<string, string[]>): boolean {
  for (const [name, values] of filters) {
    if (name === 'tag-key' && !(tags || []).some((t) => valueMatches(values, t.Key))) {
      return false;
    }
    if (name.startsWith('tag:') && !(tags || []).some((t) => t.Key === name.slice(4) && valueMatches(values, t.Value))) {
      return false;
    }
  }

  return true;
}

/** Every non-tag filter must name one of `fields`; a list field (architectures...) matches if any of its values does. */
export function fieldMatches(filters: Map<string, string[]>, fields: Record<string, string | string[] | undefined>): boolean {
  for (const [name, values] of filters) {
    if (name === 'tag-key' || name.startsWith('tag:')) {
      continue;
    }
    if (!(name in fields)) {
      throw new AwsFault('InvalidParameterValue', `The filter '${ name }' is invalid`);
    }
    if (![fields[name]].flat().some((actual) => valueMatches(values, actual))) {
      return false;
    }
  }

  return true;
}

/** EC2 pagination: MaxResults (5 to 1000) and an opaque NextToken. */
export function ec2Page<T>(list: T[], params: Record<string, string>): { page: T[], next?: string } {
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
export function iamPage<T>(list: T[], params: Record<string, string>): { page: T[], truncated: string } {
  const start = params.Marker ? Number(Buffer.from(params.Marker, 'base64').toString()) : 0;
  const size = params.MaxItems ? Number(params.MaxItems) : 100;
  const page = list.slice(start, start + size);
  const more = start + size < list.length;

  return { page, truncated: el('IsTruncated', more) + (more ? el('Marker', Buffer.from(String(start + size)).toString('base64')) : '') };
}

export function ec2Response(action: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${ action }Response xmlns="${ EC2_NS }">${ el('requestId', requestId()) }${ inner }</${ action }Response>`;
}

export function iamResponse(action: string, inner: string): string {
  return `<${ action }Response xmlns="${ IAM_NS }">${ raw(`${ action }Result`, inner) }${ raw('ResponseMetadata', el('RequestId', requestId())) }</${ action }Response>`;
}

export function errorXml(service: 'ec2' | 'iam', code: string, message: string): string {
  if (service === 'ec2') {
    return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${ escapeXml(code) }</Code><Message>${ escapeXml(message) }</Message></Error></Errors><RequestID>${ requestId() }</RequestID></Response>`;
  }

  return `<ErrorResponse xmlns="${ IAM_NS }"><Error><Type>Sender</Type><Code>${ escapeXml(code) }</Code><Message>${ escapeXml(message) }</Message></Error><RequestId>${ requestId() }</RequestId></ErrorResponse>`;
}

/** One EC2 request, as the service modules' handlers take it. */
export interface Ec2Request {
  action: string;
  params: Record<string, string>;
  filters: Map<string, string[]>;
  scenario: Scenario;
  account: string;
  region: string;
}

export type Ec2Handler = (request: Ec2Request) => string;
