/**
 * The DynamoDB document client of the functions and the CLI: the seven JSON operations the stores use (GetItem,
 * PutItem, UpdateItem, DeleteItem, Query, BatchGetItem, BatchWriteItem; Scan for tests), signed with Signature
 * Version 4 by the SDK's own signer (`@smithy/signature-v4`) and sent over keep-alive HTTPS, with items converted by `@aws-sdk/util-dynamodb` exactly as the SDK's
 * DynamoDBDocumentClient converts them (the options the stores used: undefined values removed, class instances
 * refused). Commands keep the SDK's names and input shapes (`send(new PutCommand({...}))`), so the stores read
 * as they did.
 *
 * Why not the AWS SDK's client: it was about 55 ms of CPU of each cold start that touches DynamoDB (32 ms to
 * load, 22 ms for the first request, measured on ingest-api with the client replaced by a stub), against the
 * 150 ms budget over an empty handler (issue 9). What it did that this does too: the default credential sources
 * of a function (environment, container endpoint), AWS_REGION, AWS_ENDPOINT_URL(_DYNAMODB), AWS_MAX_ATTEMPTS,
 * retries of throttling, 5xx, timeouts and dropped connections with jittered exponential backoff (the SDK's
 * standard mode: 3 attempts, 100 ms base, 500 ms for throttling, 20 s cap), and errors named by their service
 * type with `$metadata.httpStatusCode`, which aws-errors.ts classifies. What it leaves out: endpoint discovery,
 * clock-skew correction and response CRC32 checks (TLS already protects the response). Other services (S3, SNS,
 * Scheduler) keep the SDK.
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
 * A middleware, as the SDK's: `initialize` ones see the command's documents, `serialize` and `build` ones the
 * attribute-value form; each is told the operation's SDK command name (`PutItemCommand`), and all run once per
 * call, outside the retries. The local stream (cli/local/local-stream.ts) and the tests' fault
 * injection use them.
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
  readonly config: { readonly region: string; readonly endpoint: URL; readonly maxAttempts: number };
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
  /** Milliseconds a request may take before it is abandoned as a TimeoutError (retried). Default 10 s. */
  requestTimeoutMs?: number;
}

const MARSHALL = { removeUndefinedValues: true, convertClassInstanceToMap: false } as const;
const toItem = (doc: unknown) => marshall(doc as Doc, MARSHALL);
const fromItem = (item: unknown) => unmarshall(item as Record<string, AttributeValue>);
const mapItems = (items: unknown) => (items as unknown[]).map(fromItem);

/** Converts the document-shaped fields of a request into DynamoDB's attribute-value form. */
function marshallInput(operation: string, input: Doc): Doc {
  const out: Doc = { ...input };
  for (const field of ["Item", "Key", "ExpressionAttributeValues", "ExclusiveStartKey"])
    if (out[field] !== undefined) out[field] = toItem(out[field]);
  if (operation === "BatchGetItem" || operation === "BatchWriteItem") {
    const requestItems: Doc = {};
    for (const [table, spec] of Object.entries(input.RequestItems as Doc)) {
      if (operation === "BatchGetItem") {
        const s = spec as Doc;
        requestItems[table] = { ...s, Keys: (s.Keys as unknown[]).map(toItem) };
      } else {
        requestItems[table] = (spec as Doc[]).map((r) =>
          r.PutRequest
            ? { PutRequest: { Item: toItem((r.PutRequest as Doc).Item) } }
            : { DeleteRequest: { Key: toItem((r.DeleteRequest as Doc).Key) } },
        );
      }
    }
    out.RequestItems = requestItems;
  }
  return out;
}

/** Converts the attribute-value fields of a response (or of an error's body) back into documents. */
function unmarshallOutput(output: Doc): Doc {
  const out: Doc = { ...output };
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
      items[table] = (requests as Doc[]).map((r) =>
        r.PutRequest
          ? { PutRequest: { Item: fromItem((r.PutRequest as Doc).Item) } }
          : { DeleteRequest: { Key: fromItem((r.DeleteRequest as Doc).Key) } },
      );
    out.UnprocessedItems = items;
  }
  return out;
}

interface Response {
  status: number;
  requestId: string | undefined;
  body: string;
}

interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
}

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
        hostname: url.hostname,
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
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            requestId: res.headers["x-amzn-requestid"] as string | undefined,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    req.setTimeout(timeoutMs, () =>
      req.destroy(Object.assign(new Error(`no response in ${timeoutMs} ms`), { name: "TimeoutError" })),
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The service error of a non-2xx response: named by its `__type`, with the SDK's `$metadata` and fields. */
function serviceError(res: Response, operation: string): Error {
  let body: Doc = {};
  try {
    body = res.body ? (JSON.parse(res.body) as Doc) : {};
  } catch {
    // Not JSON (a proxy's page): the status names it.
  }
  const type =
    String(body.__type ?? "")
      .split("#")
      .pop() || (res.status >= 500 ? "InternalServerError" : "UnknownError");
  const { __type: _type, message, Message, ...fields } = body;
  const text = String(message ?? Message ?? `${operation} failed with HTTP ${res.status}`);
  return Object.assign(new Error(text), unmarshallOutput(fields), {
    name: type,
    $fault: res.status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: res.status, requestId: res.requestId },
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const THROTTLING = /Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded|TooManyRequests/;

function endpointFor(region: string, explicit: string | undefined): URL {
  const configured = explicit ?? process.env.AWS_ENDPOINT_URL_DYNAMODB ?? process.env.AWS_ENDPOINT_URL;
  if (configured) return new URL(configured);
  const fips = process.env.AWS_USE_FIPS_ENDPOINT === "true" ? "-fips" : "";
  const suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return new URL(`https://dynamodb${fips}.${region}.${suffix}`);
}

/** SHA-256 (and its HMAC) from node:crypto, in the shape the SDK's signer takes. */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData): string | Uint8Array =>
  typeof data === "string"
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

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
  const url = endpointFor(region, options.endpoint);
  const maxAttempts = options.maxAttempts ?? (Number(process.env.AWS_MAX_ATTEMPTS) || 3);
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const provider = options.credentials ? async () => options.credentials : defaultProvider();
  // The signer caches what it derives from the credentials; the provider chain memoizes and refreshes them.
  const signer = new SignatureV4({
    service: "dynamodb",
    region,
    credentials: provider as ConstructorParameters<typeof SignatureV4>[0]["credentials"],
    sha256: Sha256,
  });

  const once = async (operation: string, body: string): Promise<Doc> => {
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
    return res.body ? (JSON.parse(res.body) as Doc) : {};
  };

  const agents: Agents = {
    http: new HttpAgent({ keepAlive: true }),
    https: new HttpsAgent({ keepAlive: true }),
  };
  const transport = async (operation: string, input: Doc): Promise<Doc> => {
    const body = JSON.stringify(input);
    for (let attempt = 1; ; attempt++) {
      try {
        const out = await once(operation, body);
        out.$metadata = { attempts: attempt };
        return out;
      } catch (error) {
        if (attempt >= maxAttempts || !isRetryable(error)) throw error;
        const base = THROTTLING.test((error as Error).name) ? 500 : 100;
        await sleep(Math.random() * Math.min(20_000, base * 2 ** attempt));
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
    config: { region, endpoint: url, maxAttempts },
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
