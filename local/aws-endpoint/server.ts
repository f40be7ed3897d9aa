/**
 * A local AWS endpoint on 127.0.0.1 speaking the EC2 and IAM Query protocols: form-encoded
 * POST in, XML in each service's namespace out, AWS error XML for failures. KMS, which the
 * dashboard's EC2 machine-pool form also asks, speaks AWS JSON 1.1 (the operation in
 * X-Amz-Target). It serves one scenario (see scenario.ts), logs every request and can inject
 * errors and latency. This file is the HTTP server and the dispatch; the services live beside
 * it: query-protocol.ts (the wire format), ec2-instances.ts, ec2-network.ts, iam.ts, kms.ts.
 */

import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { Scenario, ScenarioError } from './scenario';
import {
  AwsFault, EC2_NS, EC2_VERSION, Ec2Handler, IAM_NS, ec2Filters, errorXml, requestId
} from './query-protocol';
import { ec2InstanceActions } from './ec2-instances';
import { ec2NetworkActions, scenarioRegion } from './ec2-network';
import { handleIam } from './iam';
import { handleKms } from './kms';

export type Service = 'ec2' | 'iam' | 'kms';

/** For KMS, `params` holds the JSON body's top-level fields (non-strings as JSON). */
export interface LoggedRequest { service: Service, action: string, params: Record<string, string> }

export interface AwsEndpoint {
  url: string;
  requests: LoggedRequest[];
  scenario: Scenario;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/x-amz-json-1.1';

export { DEFAULT_INSTANCE_TYPES } from './ec2-instances';
export { DEFAULT_REGIONS } from './ec2-network';

/** The region a request was made to: the AWS host `/meta/proxy` forwards as Host, else the SigV4 credential scope. */
function requestRegion(req: IncomingMessage): string | undefined {
  const host = /^[a-z0-9-]+\.([a-z]{2}(?:-[a-z]+)+-\d+)\.(?:amazonaws\.com|api\.aws)$/.exec(String(req.headers.host || '').replace(/:\d+$/, ''));
  const scope = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(String(req.headers.authorization || ''));

  return host?.[1] || scope?.[1];
}

const ec2Actions: Record<string, Ec2Handler> = { ...ec2InstanceActions, ...ec2NetworkActions };

/** `requested`: the region the request was made to, when the endpoint can tell (see requestRegion). */
function handleEc2(action: string, params: Record<string, string>, scenario: Scenario, requested?: string): string {
  const handler = Object.prototype.hasOwnProperty.call(ec2Actions, action) ? ec2Actions[action] : undefined;

  if (!handler) {
    throw new AwsFault('InvalidAction', `The action ${ action } is not valid for this web service.`);
  }

  return handler({
    action, params, filters: ec2Filters(params), scenario, account: scenario.account || '123456789012', region: scenarioRegion(scenario, requested)
  });
}

function injectedError(scenario: Scenario, action: string, params: Record<string, string>): ScenarioError | undefined {
  const filterMatches = (e: ScenarioError) => !e.filter || (ec2Filters(params).get(e.filter.name) || []).includes(e.filter.value);
  const error = (scenario.errors || []).find((e) => (!e.action || e.action === action) && filterMatches(e) && (e.times === undefined || e.times > 0));

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
    // JSON protocol (KMS): the operation is in X-Amz-Target, the input a JSON object.
    const target = req.headers['x-amz-target'] === undefined ? undefined : String(req.headers['x-amz-target']);
    let input: Record<string, unknown> = {};
    let unreadable = false;

    if (target !== undefined) {
      try {
        const parsed = JSON.parse(body || '{}');

        unreadable = !parsed || typeof parsed !== 'object' || Array.isArray(parsed);
        input = unreadable ? {} : parsed;
      } catch {
        unreadable = true;
      }
    }
    const params = target === undefined ? Object.fromEntries(new URLSearchParams(body)) : Object.fromEntries(Object.entries(input).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    const service: Service = target !== undefined ? 'kms' : params.Version === EC2_VERSION ? 'ec2' : 'iam';
    const action = target !== undefined ? target.split('.').pop() || '' : params.Action || '';
    const reply = (status: number, text: string) => res.writeHead(status, { 'Content-Type': service === 'kms' ? JSON_TYPE : 'text/xml;charset=UTF-8', 'x-amzn-RequestId': requestId() }).end(text);
    const fail = (status: number, code: string, message: string) => reply(status, service === 'kms' ? JSON.stringify({ __type: code, message }) : errorXml(service, code, message));

    requests.push({
      service, action, params
    });
    if (endpoint.scenario.latencyMs) {
      await new Promise((resolve) => setTimeout(resolve, endpoint.scenario.latencyMs));
    }

    const injected = injectedError(endpoint.scenario, action, params);

    if (injected?.kind === 'timeout') {
      pending.add(res); // never answered; closed with the server

      return;
    }
    if (injected?.kind === 'malformed') {
      reply(200, service === 'kms' ? '{"Keys":[' : `<${ action }Response xmlns="${ service === 'ec2' ? EC2_NS : IAM_NS }"><unclosed>`);

      return;
    }
    if (injected) {
      fail(injected.status || 400, injected.code || 'InternalError', injected.message || 'injected error');

      return;
    }

    try {
      if (unreadable) {
        throw new AwsFault('SerializationException', 'Start of structure or map found where not expected');
      }
      if (service === 'kms') {
        reply(200, JSON.stringify(handleKms(target as string, input, endpoint.scenario, scenarioRegion(endpoint.scenario, requestRegion(req)))));
      } else {
        reply(200, service === 'ec2' ? handleEc2(action, params, endpoint.scenario, requestRegion(req)) : handleIam(action, params, endpoint.scenario));
      }
    } catch (error) {
      const fault = error instanceof AwsFault ? error : new AwsFault('InternalError', String(error), 500);

      fail(fault.status, fault.code, fault.message);
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
