import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { listenOnLoopback, readBody } from '../loopback-server.js';
import { ApiError, listParam, queryFilters } from './ec2-query.js';
import { xmlDocument } from './xml.js';
import type { XmlValue } from './xml.js';

/**
 * A stand-in for the four AWS calls `catalog refresh` makes, speaking their real wire protocols:
 * the EC2 Query API (form-encoded POST, XML answers, `Response/Errors/Error` failures) and the Price
 * List API's awsJson1_1 (`X-Amz-Target: AWSPriceListService.GetProducts`, JSON answers, `__type`
 * failures). It pages every list with NextToken, reads the signing region and service from the SigV4
 * Authorization header, and records every request so tests can check what the SDK really sent.
 * Bound to 127.0.0.1 on a random port; it closes itself after `maxLifetimeMs`.
 */

/** EC2 data in wire form: the lower-camel element names of the XML answers. */
export type WireObject = { readonly [name: string]: XmlValue | undefined };

export interface FakeAwsData {
  /** Region → DescribeInstanceTypes items (`instanceType`, `vCpuInfo`, …). */
  instanceTypes: Record<string, WireObject[]>;
  /** Region → the instance types offered there. */
  offerings: Record<string, string[]>;
  /** Region → spot price history entries (`instanceType`, `availabilityZone`, `productDescription`, `spotPrice`, `timestamp`). */
  spotPriceHistory: Record<string, WireObject[]>;
  /** Price List products (aws_v1 objects); GetProducts filters them by TERM_MATCH on `product.attributes`. */
  products: Record<string, unknown>[];
}

export interface FakeFailure {
  action: string;
  /** Only for requests signed for this region. */
  region?: string;
  status: number;
  code: string;
  message: string;
}

export interface FakeAwsOptions {
  data: FakeAwsData;
  /** Items per page at most (the request's MaxResults can make pages smaller); default 2, to force paging. */
  pageSize?: number;
  failures?: FakeFailure[];
  /** Default 60 s: the server never outlives a test run. */
  maxLifetimeMs?: number;
}

export interface RecordedRequest {
  protocol: 'ec2-query' | 'aws-json-1.1';
  action: string;
  /** From the SigV4 credential scope: `AKID/20261123/<region>/<service>/aws4_request`. */
  signingRegion: string | undefined;
  signingService: string | undefined;
  host: string | undefined;
  contentType: string | undefined;
  /** Query parameters (EC2) or the JSON body (Pricing). */
  params: Record<string, string>;
  body: unknown;
  /** The NextToken the answer carried, if any. */
  answeredNextToken?: string;
}

export interface FakeAws {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const MAX_RESULTS: Record<string, [number, number]> = {
  DescribeInstanceTypes: [5, 100],
  DescribeInstanceTypeOfferings: [5, 1000],
  DescribeSpotPriceHistory: [5, 1000],
  GetProducts: [1, 100],
};

export async function startFakeAws(options: FakeAwsOptions): Promise<FakeAws> {
  const { data } = options;
  const serverPageSize = options.pageSize ?? 2;
  const requests: RecordedRequest[] = [];
  const issuedTokens = new Map<string, number>();

  /** One page of `items`, honouring NextToken and MaxResults as AWS does. */
  function page<T>(action: string, items: readonly T[], nextToken: string | undefined, maxResults: string | number | undefined) {
    let start = 0;
    if (nextToken !== undefined && nextToken !== '') {
      const issued = issuedTokens.get(nextToken);
      if (issued === undefined) throw new ApiError(400, action === 'GetProducts' ? 'InvalidNextTokenException' : 'InvalidParameterValue', `Invalid NextToken ${nextToken}`);
      start = issued;
    }
    let size = serverPageSize;
    if (maxResults !== undefined) {
      const [min, max] = MAX_RESULTS[action] ?? [1, 1000];
      const wanted = Number(maxResults);
      if (!Number.isInteger(wanted) || wanted < min || wanted > max) {
        throw new ApiError(400, action === 'GetProducts' ? 'InvalidParameterException' : 'InvalidParameterValue', `MaxResults must be between ${min} and ${max}`);
      }
      size = Math.min(size, wanted);
    }
    const end = start + size;
    let token: string | undefined;
    if (end < items.length) {
      token = `${action}-${randomUUID()}`;
      issuedTokens.set(token, end);
    }
    return { items: items.slice(start, end), token };
  }

  function ec2Answer(action: string, region: string, params: Record<string, string>): { root: string; children: Record<string, XmlValue | undefined>; token?: string } {
    switch (action) {
      case 'DescribeInstanceTypes': {
        const { items, token } = page(action, data.instanceTypes[region] ?? [], params['NextToken'], params['MaxResults']);
        return { root: 'DescribeInstanceTypesResponse', children: { instanceTypeSet: items, nextToken: token }, ...(token ? { token } : {}) };
      }
      case 'DescribeInstanceTypeOfferings': {
        const locationType = params['LocationType'] ?? 'region';
        const locations = new Map(queryFilters(params)).get('location');
        if (locationType !== 'region') throw new ApiError(400, 'InvalidParameterValue', 'this fake only knows LocationType region');
        const offered = locations && !locations.includes(region) ? [] : (data.offerings[region] ?? []);
        const all = offered.map((instanceType) => ({ instanceType, locationType, location: region }));
        const { items, token } = page(action, all, params['NextToken'], params['MaxResults']);
        return { root: 'DescribeInstanceTypeOfferingsResponse', children: { instanceTypeOfferingSet: items, nextToken: token }, ...(token ? { token } : {}) };
      }
      case 'DescribeSpotPriceHistory': {
        const products = listParam(params, 'ProductDescription');
        const start = params['StartTime'] ? Date.parse(params['StartTime']) : -Infinity;
        const history = (data.spotPriceHistory[region] ?? []).filter((e) => products.length === 0 || products.includes(String(e['productDescription'])));
        // As AWS documents: the prices from StartTime on, plus the last change before it (the price in effect at StartTime).
        const lastBefore = new Map<string, WireObject>();
        for (const e of history) {
          const at = (e['timestamp'] as Date).getTime();
          const key = `${String(e['instanceType'])} ${String(e['availabilityZone'])} ${String(e['productDescription'])}`;
          const known = lastBefore.get(key);
          if (at < start && (!known || (known['timestamp'] as Date).getTime() < at)) lastBefore.set(key, e);
        }
        const inRange = history.filter((e) => (e['timestamp'] as Date).getTime() >= start);
        const { items, token } = page(action, [...inRange, ...lastBefore.values()], params['NextToken'], params['MaxResults']);
        return { root: 'DescribeSpotPriceHistoryResponse', children: { spotPriceHistorySet: items, nextToken: token }, ...(token ? { token } : {}) };
      }
      default:
        throw new ApiError(400, 'InvalidAction', `The action ${action} is not valid for this web service.`);
    }
  }

  function getProducts(body: unknown): { FormatVersion: string; PriceList: string[]; NextToken?: string } {
    const request = (body ?? {}) as { ServiceCode?: string; Filters?: { Type?: string; Field?: string; Value?: string }[]; FormatVersion?: string; NextToken?: string; MaxResults?: number };
    if (request.ServiceCode !== 'AmazonEC2') throw new ApiError(400, 'InvalidParameterException', `unknown ServiceCode ${String(request.ServiceCode)}`);
    const filters = request.Filters ?? [];
    if (filters.some((f) => f.Type !== 'TERM_MATCH')) throw new ApiError(400, 'InvalidParameterException', 'only TERM_MATCH filters are supported');
    const matching = data.products.filter((product) => {
      const attributes = ((product['product'] as Record<string, unknown> | undefined)?.['attributes'] ?? {}) as Record<string, unknown>;
      return filters.every((f) => attributes[f.Field ?? ''] === f.Value);
    });
    const { items, token } = page('GetProducts', matching, request.NextToken, request.MaxResults);
    return { FormatVersion: request.FormatVersion ?? 'aws_v1', PriceList: items.map((p) => JSON.stringify(p)), ...(token ? { NextToken: token } : {}) };
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const text = (await readBody(request)).toString('utf8');
    const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(request.headers.authorization ?? '');
    const target = request.headers['x-amz-target'];
    const contentType = request.headers['content-type'];
    const isJson = typeof target === 'string';
    const params = isJson ? {} : Object.fromEntries(new URLSearchParams(text));
    let body: unknown;
    if (isJson) {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    const recorded: RecordedRequest = {
      protocol: isJson ? 'aws-json-1.1' : 'ec2-query',
      action: isJson ? (target.split('.').pop() as string) : (params['Action'] ?? ''),
      signingRegion: scope?.[1],
      signingService: scope?.[2],
      host: request.headers.host,
      contentType,
      params,
      body,
    };
    requests.push(recorded);
    const region = recorded.signingRegion ?? '';
    try {
      if (!scope) throw new ApiError(isJson ? 400 : 401, isJson ? 'MissingAuthenticationTokenException' : 'AuthFailure', 'Request is not signed');
      const failure = options.failures?.find((f) => f.action === recorded.action && (f.region === undefined || f.region === region));
      if (failure) throw new ApiError(failure.status, failure.code, failure.message);
      if (isJson) {
        if (target !== 'AWSPriceListService.GetProducts') throw new ApiError(400, 'UnknownOperationException', `unknown target ${target}`);
        if (contentType !== 'application/x-amz-json-1.1') throw new ApiError(400, 'SerializationException', `content type ${String(contentType)}`);
        if (recorded.signingService !== 'pricing' || region !== 'us-east-1') {
          throw new ApiError(400, 'InvalidSignatureException', `the Price List API is served from us-east-1, not ${region}/${String(recorded.signingService)}`);
        }
        const answer = getProducts(body);
        if (answer.NextToken) recorded.answeredNextToken = answer.NextToken;
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
        response.end(JSON.stringify(answer));
        return;
      }
      if (recorded.signingService !== 'ec2') throw new ApiError(401, 'AuthFailure', `signed for ${String(recorded.signingService)}, not ec2`);
      if (params['Version'] !== '2016-11-15') throw new ApiError(400, 'InvalidParameterValue', `API version ${String(params['Version'])}`);
      const answer = ec2Answer(recorded.action, region, params);
      if (answer.token) recorded.answeredNextToken = answer.token;
      response.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' });
      response.end(xmlDocument(answer.root, { requestId: randomUUID(), ...answer.children }, EC2_NAMESPACE));
    } catch (error) {
      const failure = error instanceof ApiError ? error : new ApiError(500, isJson ? 'InternalErrorException' : 'InternalError', String(error));
      if (isJson) {
        response.writeHead(failure.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': failure.code, 'x-amzn-requestid': randomUUID() });
        response.end(JSON.stringify({ __type: failure.code, message: failure.message }));
      } else {
        response.writeHead(failure.status, { 'content-type': 'text/xml;charset=UTF-8' });
        response.end(xmlDocument('Response', { Errors: { Error: { Code: failure.code, Message: failure.message } }, RequestID: randomUUID() }));
      }
    }
  }

  const server = await listenOnLoopback(handle, options.maxLifetimeMs ?? 60_000);
  return { url: server.url, requests, close: server.close };
}
