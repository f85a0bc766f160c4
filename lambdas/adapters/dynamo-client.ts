/**
 * The DynamoDB document client of the functions and the CLI: the operations the stores use (GetItem, PutItem,
 * UpdateItem, DeleteItem, Query, BatchGetItem, BatchWriteItem; Scan for tests), signed with Signature Version 4 by
 * the SDK's own signer (`@smithy/signature-v4`) and sent over keep-alive HTTPS, with items converted by
 * `@aws-sdk/util-dynamodb` as the SDK's DynamoDBDocumentClient converts them (the options the stores used:
 * undefined values removed, nested class instances refused; binary values base64 on the wire). Commands keep the
 * SDK's names and input shapes (`send(new PutCommand({...}))`), so the stores read as they did.
 *
 * Why not the AWS SDK's client: it was about 55 ms of CPU of each cold start that touches DynamoDB (32 ms to
 * load, 22 ms for the first request, measured on ingest-api with the client replaced by a stub), against the
 * 150 ms budget over an empty handler (issue 9). What it did that this does too:
 * - credentials from the SDK's default chain (in the Lambda bundles, the environment or the container
 *   endpoint: lambda-credentials.ts), kept until five minutes before they expire;
 * - AWS_REGION (checked to be a region name), AWS_ENDPOINT_URL(_DYNAMODB), AWS_USE_FIPS_ENDPOINT,
 *   AWS_MAX_ATTEMPTS;
 * - the SDK's standard retries as its DynamoDB client configures them: 4 attempts, full-jitter exponential
 *   backoff from 25 ms (500 ms for throttling) capped at 20 s, a retry quota of 500 tokens (5 a retry, 10 after a
 *   timeout), for throttling, 429 and 500/502/503/504, timeouts and dropped connections (aws-errors.ts); a reused
 *   keep-alive socket the server had closed is retried at once, without costing an attempt;
 * - a deadline per attempt (2 s by default, connecting included), so a stalled request is retried and, after
 *   the four attempts, answered as unavailable within a function's 10 s;
 * - errors named as the SDK names them (the `x-amzn-errortype` header, else the body's `__type` or `code`, without
 *   namespace or suffix), with `$fault` and `$metadata.httpStatusCode`.
 * What it leaves out: endpoint discovery, clock-skew correction, response CRC32 checks (TLS protects the
 * response) and the legacy parameters (Expected, AttributeUpdates, KeyConditions, QueryFilter, ScanFilter), which
 * it refuses. Other services (S3, SNS, Scheduler) keep the SDK.
 */
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import type * as Lib from "@aws-sdk/lib-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { SignatureV4 } from "@smithy/signature-v4";
import { isRetryable } from "./aws-errors.ts";

type Doc = Record<string, unknown>;

abstract class DocumentCommand<I, O> {
  abstract readonly operation: string;
  /** Type only: what `send` resolves to. */
  declare readonly __output: O;
  constructor(readonly input: I) {}
}
/** A command class for one operation: `new PutCommand(input)`, as lib-dynamodb's. */
const commandFor = <I, O>(operation: string) =>
  class extends DocumentCommand<I, O> {
    readonly operation = operation;
  };
export const GetCommand = commandFor<Lib.GetCommandInput, Lib.GetCommandOutput>("GetItem");
export const PutCommand = commandFor<Lib.PutCommandInput, Lib.PutCommandOutput>("PutItem");
export const UpdateCommand = commandFor<Lib.UpdateCommandInput, Lib.UpdateCommandOutput>("UpdateItem");
export const DeleteCommand = commandFor<Lib.DeleteCommandInput, Lib.DeleteCommandOutput>("DeleteItem");
export const QueryCommand = commandFor<Lib.QueryCommandInput, Lib.QueryCommandOutput>("Query");
export const ScanCommand = commandFor<Lib.ScanCommandInput, Lib.ScanCommandOutput>("Scan");
export const BatchGetCommand = commandFor<Lib.BatchGetCommandInput, Lib.BatchGetCommandOutput>(
  "BatchGetItem",
);
export const BatchWriteCommand = commandFor<Lib.BatchWriteCommandInput, Lib.BatchWriteCommandOutput>(
  "BatchWriteItem",
);

/**
 * A middleware, shaped as the SDK's: `initialize` ones see the command's documents, `serialize` and `build` ones
 * the attribute-value form, request and response (under the SDK a serialize middleware still sees documents);
 * each is told the operation's SDK command name (`PutItemCommand`), and all run once per call, outside the
 * retries. The local stream (cli/local/local-stream.ts) and the tests' fault injection use them.
 */
export type Middleware = (
  next: (args: { input: Doc }) => Promise<{ output: Doc }>,
  context: { commandName: string },
) => (args: { input: Doc }) => Promise<{ output: Doc }>;
type Step = "initialize" | "serialize" | "build";
const STEPS: readonly Step[] = ["initialize", "serialize", "build"];

/** The client the stores take: `send`, as the SDK's document client has, and the little else callers use. */
export interface DocumentClient {
  send<C extends DocumentCommand<unknown, unknown>>(command: C): Promise<C["__output"]>;
  readonly config: {
    readonly region: string;
    readonly endpoint: URL;
    readonly maxAttempts: number;
    readonly requestTimeoutMs: number;
  };
  readonly middlewareStack: {
    add(
      middleware: Middleware,
      options: { step?: Step; name: string; priority?: "high" | "normal" | "low" },
    ): void;
    remove(name: string): boolean;
    identify(): string[];
  };
  /** Closes the client's idle connections. */
  destroy(): void;
}

export interface DynamoClientOptions {
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  maxAttempts?: number;
  /**
   * Milliseconds one attempt may take, connecting included, before it is abandoned as a TimeoutError (retried).
   * Default 2 s: DynamoDB answers in milliseconds, and the functions have 10 s for all four attempts.
   */
  requestTimeoutMs?: number;
}

const MARSHALL = { removeUndefinedValues: true, convertClassInstanceToMap: false } as const;
// A copy of the top level, as lib-dynamodb marshalls an item's values one by one (a class instance at the top is
// read as a map; nested ones are refused, convertClassInstanceToMap being false).
const toItem = (doc: unknown) => marshall({ ...(doc as Doc) }, MARSHALL);
const fromItem = (item: unknown) => unmarshall(item as Record<string, AttributeValue>);
const mapItems = (items: unknown) => (items as unknown[]).map(fromItem);

const LEGACY = ["Expected", "AttributeUpdates", "KeyConditions", "QueryFilter", "ScanFilter"] as const;

/** BatchWriteItem's put and delete requests with their item or key converted (either way). */
const mapWriteRequests = (requests: unknown, convert: (doc: unknown) => Doc) =>
  (requests as Doc[]).map((r) =>
    r.PutRequest
      ? { PutRequest: { Item: convert((r.PutRequest as Doc).Item) } }
      : { DeleteRequest: { Key: convert((r.DeleteRequest as Doc).Key) } },
  );

/** Converts the document-shaped fields of a request into DynamoDB's attribute-value form. */
function marshallInput(operation: string, input: Doc): Doc {
  for (const field of LEGACY)
    if (input[field] !== undefined)
      throw new TypeError(`${operation}: the legacy parameter ${field} is not supported; use an expression`);
  const out: Doc = { ...input };
  for (const field of ["Item", "Key", "ExpressionAttributeValues", "ExclusiveStartKey"])
    if (out[field] !== undefined) out[field] = toItem(out[field]);
  if (operation === "BatchGetItem" || operation === "BatchWriteItem") {
    const requestItems: Doc = {};
    for (const [table, spec] of Object.entries(input.RequestItems as Doc)) {
      if (operation === "BatchGetItem") {
        const s = spec as Doc;
        requestItems[table] = { ...s, Keys: (s.Keys as unknown[]).map(toItem) };
      } else requestItems[table] = mapWriteRequests(spec, toItem);
    }
    out.RequestItems = requestItems;
  }
  return out;
}

const unmarshallMetrics = (m: Doc) => ({ ...m, ItemCollectionKey: fromItem(m.ItemCollectionKey) });

/** Converts the attribute-value fields of a response (or of an error's body) back into documents. */
function unmarshallOutput(output: Doc): Doc {
  const out: Doc = { ...output };
  const metrics = out.ItemCollectionMetrics as Doc | undefined;
  if (metrics?.ItemCollectionKey) out.ItemCollectionMetrics = unmarshallMetrics(metrics);
  for (const field of ["Item", "Attributes", "LastEvaluatedKey"])
    if (out[field] !== undefined) out[field] = fromItem(out[field]);
  if (Array.isArray(out.Items)) out.Items = mapItems(out.Items);
  if (out.Responses) {
    const responses: Doc = {};
    for (const [table, items] of Object.entries(out.Responses as Doc)) responses[table] = mapItems(items);
    out.Responses = responses;
  }
  if (out.UnprocessedKeys) {
    const keys: Doc = {};
    for (const [table, spec] of Object.entries(out.UnprocessedKeys as Doc)) {
      const s = spec as Doc;
      keys[table] = { ...s, Keys: mapItems(s.Keys) };
    }
    out.UnprocessedKeys = keys;
  }
  if (out.UnprocessedItems) {
    const items: Doc = {};
    for (const [table, requests] of Object.entries(out.UnprocessedItems as Doc))
      items[table] = mapWriteRequests(requests, fromItem);
    out.UnprocessedItems = items;
  }
  return out;
}

interface Response {
  status: number;
  requestId: string | undefined;
  errorType: string | undefined;
  body: string;
}

interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
}

/** A failed attempt's error, marked when it was a reset on a reused keep-alive socket (retried at once). */
const STALE_SOCKET = Symbol("stale keep-alive socket");

function post(
  agents: Agents,
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === "https:";
    const req = (secure ? httpsRequest : httpRequest)(
      {
        protocol: url.protocol,
        // An IPv6 literal ([::1]) without its brackets.
        hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
        port: url.port || undefined,
        path: url.pathname,
        method: "POST",
        headers,
        agent: secure ? agents.https : agents.http,
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          clearTimeout(deadline);
          resolve({
            status: res.statusCode ?? 0,
            requestId: res.headers["x-amzn-requestid"] as string | undefined,
            errorType: res.headers["x-amzn-errortype"] as string | undefined,
            body: Buffer.concat(chunks).toString("utf8"),
          });
        });
      },
    );
    // One deadline for the whole attempt, from before connecting to the last byte.
    const deadline = setTimeout(
      () => req.destroy(Object.assign(new Error(`no answer in ${timeoutMs} ms`), { name: "TimeoutError" })),
      timeoutMs,
    );
    req.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(deadline);
      if (req.reusedSocket && error.code === "ECONNRESET") Object.assign(error, { [STALE_SOCKET]: true });
      reject(error);
    });
    req.end(body);
  });
}

/** An error code as the SDK reads it: without a namespace (`aws.dynamodb#`) or a suffix (`:http://...`). */
const sanitizeErrorCode = (raw: string) => {
  let code = raw;
  if (code.includes(":")) code = code.split(":")[0] as string;
  if (code.includes("#")) code = code.split("#")[1] as string;
  if (code.includes(",")) code = code.split(",")[0] as string;
  return code.trim();
};

/** The service error of a non-2xx response, named as the SDK names it, with the SDK's `$metadata` and fields. */
function serviceError(res: Response, operation: string): Error {
  let body: Doc = {};
  try {
    const parsed: unknown = res.body ? parseBody(res.body) : {};
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) body = parsed as Doc;
  } catch {
    // Not JSON (a proxy's page): the status names it.
  }
  const raw = res.errorType ?? body.code ?? body.__type;
  const type =
    (typeof raw === "string" && sanitizeErrorCode(raw)) ||
    (res.status >= 500
      ? "InternalServerError"
      : res.status === 429
        ? "TooManyRequestsException"
        : "UnknownError");
  const { __type: _type, code: _code, message, Message, ...fields } = body;
  const text = String(message ?? Message ?? `${operation} failed with HTTP ${res.status}`);
  let extra: Doc = {};
  try {
    extra = unmarshallOutput(fields);
  } catch {
    extra = fields;
  }
  return Object.assign(new Error(text), extra, {
    name: type,
    $fault: res.status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: res.status, requestId: res.requestId },
  });
}

/**
 * JSON with binary attribute values turned back into bytes: DynamoDB sends `B` as base64 and `BS` as a list of it,
 * and the wire form nests them only as attribute values, so a key `B` or `BS` holding strings is one of them.
 */
const parseBody = (text: string): unknown =>
  JSON.parse(text, (key, value: unknown) =>
    key === "B" && typeof value === "string"
      ? new Uint8Array(Buffer.from(value, "base64"))
      : key === "BS" && Array.isArray(value) && value.every((v) => typeof v === "string")
        ? value.map((v) => new Uint8Array(Buffer.from(v as string, "base64")))
        : value,
  );

/** JSON with binary attribute values as base64, as DynamoDB takes them (JSON.stringify would write a Uint8Array as an object). */
function stringifyBody(input: Doc): string {
  const base64 = (v: unknown) => Buffer.from(v as Uint8Array).toString("base64");
  return JSON.stringify(input, function (this: Doc, key: string, value: unknown) {
    const raw = this[key];
    if (key === "B" && raw instanceof Uint8Array) return base64(raw);
    if (key === "BS" && Array.isArray(raw) && raw.every((v) => v instanceof Uint8Array))
      return raw.map(base64);
    return value;
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// The SDK's standard retry quota (@smithy/core's retry constants).
const INITIAL_RETRY_TOKENS = 500;
const RETRY_COST = 5;
const TIMEOUT_RETRY_COST = 10;
const NO_RETRY_INCREMENT = 1;

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/**
 * Credentials kept until five minutes before they expire (for ever when they do not), shared by concurrent
 * requests, fetched again after a failure. The SDK's signer asks for them on every request, and in the Lambda
 * bundles the provider is lambda-credentials.ts, which does not remember them (the container endpoint would be
 * called each time).
 */
export function memoizeCredentials(provider: () => Promise<Credentials>): () => Promise<Credentials> {
  let current: { value: Promise<Credentials>; until: number } | undefined;
  return () => {
    if (current && Date.now() < current.until) return current.value;
    const value = provider();
    const entry = { value, until: Number.POSITIVE_INFINITY };
    current = entry;
    value.then(
      (c) => {
        if (c.expiration) entry.until = c.expiration.getTime() - 5 * 60_000;
      },
      () => {
        if (current === entry) current = undefined;
      },
    );
    return value;
  };
}

const THROTTLING = /Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded|TooManyRequests|SlowDown/;

function endpointFor(region: string, explicit: string | undefined): URL {
  const configured = explicit ?? process.env.AWS_ENDPOINT_URL_DYNAMODB ?? process.env.AWS_ENDPOINT_URL;
  if (configured) return new URL(configured);
  const fips = process.env.AWS_USE_FIPS_ENDPOINT === "true" ? "-fips" : "";
  const suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return new URL(`https://dynamodb${fips}.${region}.${suffix}`);
}

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData): string | Uint8Array =>
  typeof data === "string"
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

/** SHA-256 (and its HMAC) from node:crypto, in the shape the SDK's signer takes. */
class Sha256 {
  #hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.#hash = this.#fresh();
  }
  #fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(this.secret));
  }
  update(data: SourceData): void {
    this.#hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
  reset(): void {
    this.#hash = this.#fresh();
  }
}

export function createDocumentClient(options: DynamoClientOptions = {}): DocumentClient {
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new Error("DynamoDB client: no region (set AWS_REGION or pass one)");
  // The region becomes part of the host name the signed request goes to.
  if (!/^[a-z0-9][a-z0-9-]*$/.test(region))
    throw new Error(`DynamoDB client: "${region}" is not a region name`);
  const url = endpointFor(region, options.endpoint);
  const maxAttempts = options.maxAttempts ?? (Number(process.env.AWS_MAX_ATTEMPTS) || 4);
  const timeoutMs = options.requestTimeoutMs ?? 2_000;
  const credentials = memoizeCredentials(
    options.credentials
      ? async () => options.credentials as Credentials
      : (defaultProvider() as () => Promise<Credentials>),
  );
  const signer = new SignatureV4({ service: "dynamodb", region, credentials, sha256: Sha256 });
  const agents: Agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: 50 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 50 }),
  };

  const once = async (operation: string, body: string): Promise<{ res: Response; out: Doc }> => {
    const signed = await signer.sign({
      method: "POST",
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: {},
      headers: {
        host: url.host,
        "content-type": "application/x-amz-json-1.0",
        "content-length": String(Buffer.byteLength(body)),
        "x-amz-target": `DynamoDB_20120810.${operation}`,
      },
      body,
    });
    const res = await post(agents, url, signed.headers, body, timeoutMs);
    if (res.status < 200 || res.status >= 300) throw serviceError(res, operation);
    return { res, out: res.body ? (parseBody(res.body) as Doc) : {} };
  };

  // The SDK's retry quota: retries spend tokens, successes earn them back, so a failing endpoint is not hammered.
  let tokens = INITIAL_RETRY_TOKENS;
  const transport = async (operation: string, input: Doc): Promise<Doc> => {
    const body = stringifyBody(input);
    let spent = 0;
    // Whether this attempt already went out again after a stale keep-alive socket.
    let resent = false;
    for (let attempt = 1; ; ) {
      try {
        const { res, out } = await once(operation, body);
        tokens = Math.min(INITIAL_RETRY_TOKENS, tokens + (spent > 0 ? spent : NO_RETRY_INCREMENT));
        out.$metadata = { httpStatusCode: res.status, requestId: res.requestId, attempts: attempt };
        return out;
      } catch (error) {
        // A keep-alive socket the server closed while idle: sent again at once on a new one, not an attempt.
        if ((error as { [STALE_SOCKET]?: boolean })[STALE_SOCKET] && !resent) {
          resent = true;
          continue;
        }
        const timeout = (error as Error).name === "TimeoutError";
        const cost = timeout ? TIMEOUT_RETRY_COST : RETRY_COST;
        if (attempt >= maxAttempts || !isRetryable(error) || tokens < cost) throw error;
        tokens -= cost;
        spent += cost;
        const base = THROTTLING.test((error as Error).name) ? 500 : 25;
        await sleep(Math.random() * Math.min(20_000, base * 2 ** (attempt - 1)));
        attempt++;
        resent = false;
      }
    }
  };

  const entries: { name: string; step: Step; priority: number; middleware: Middleware }[] = [];
  const PRIORITY = { high: 0, normal: 1, low: 2 } as const;
  const chain = (step: Step, commandName: string, last: (args: { input: Doc }) => Promise<{ output: Doc }>) =>
    entries
      .filter((e) => e.step === step)
      .sort((a, b) => a.priority - b.priority)
      .reduceRight((next, e) => e.middleware(next, { commandName }), last);

  return {
    config: { region, endpoint: url, maxAttempts, requestTimeoutMs: timeoutMs },
    middlewareStack: {
      add(middleware, { step = "initialize", name, priority = "normal" }) {
        if (entries.some((e) => e.name === name)) throw new Error(`middleware ${name} is already added`);
        entries.push({ name, step, priority: PRIORITY[priority], middleware });
      },
      remove(name) {
        const i = entries.findIndex((e) => e.name === name);
        if (i >= 0) entries.splice(i, 1);
        return i >= 0;
      },
      identify: () => STEPS.flatMap((step) => entries.filter((e) => e.step === step).map((e) => e.name)),
    },
    destroy() {
      agents.http.destroy();
      agents.https.destroy();
    },
    async send(command) {
      const { operation, input } = command as unknown as { operation: string; input: Doc };
      const wireName = `${operation}Command`;
      const wire = chain("serialize", wireName, (args) =>
        chain("build", wireName, async (a) => ({ output: await transport(operation, a.input) }))(args),
      );
      const documents = chain("initialize", wireName, async (args) => {
        const { output } = await wire({ input: marshallInput(operation, args.input) });
        return { output: unmarshallOutput(output) };
      });
      return (await documents({ input })).output as never;
    },
  };
}
