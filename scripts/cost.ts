/**
 * The cost model: monthly AWS cost per 100,000 articles with 100 subscribers, computed from what the real code
 * does. A sample of articles (the shared Reuters corpus when present, else the sample events) goes through the
 * real ingest-api and notify handlers wired to recording clients: every DynamoDB item and SNS message they
 * would write is captured and sized, the handlers' log bytes counted, their CPU time measured; cold starts
 * come from `npm run bench` (cdk.out/bench/results.json) when it has run. Prices are list prices (below).
 * Usage: npm run cost -- [--items N] [--corpus file.jsonl] [--markdown] [--cold-fraction 0.05] [--tracing off|active]
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SNSClient } from "@aws-sdk/client-sns";
import { PublishBatchCommand } from "@aws-sdk/client-sns";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { APIGatewayProxyEvent, DynamoDBStreamEvent } from "aws-lambda";
import { FUNCTION_ENTRIES, REPO_ROOT } from "../infra/config.ts";
import type { DocumentClient } from "../lambdas/adapters/dynamo-client.ts";
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "../lambdas/adapters/dynamo-client.ts";
import { createTelemetry } from "../lambdas/adapters/telemetry.ts";
import { ingestApiDeps, notifyDeps } from "../lambdas/composition.ts";
import { DEFAULT_LIMITS } from "../lambdas/config.ts";
import { createIngestApiHandler } from "../lambdas/ingest-api/app.ts";
import { createNotifyHandler } from "../lambdas/notify/app.ts";
import { median, table } from "./perf/stats.ts";

/** us-east-1 list prices (USD), recorded 2026-12-01 from the AWS pricing pages; free tiers not deducted. */
export const PRICES = {
  recorded: "2026-12-01",
  region: "us-east-1",
  lambdaGbSecondArm: 0.0000133334, // per GB-second, Arm, first 7.5 billion GB-s; INIT billed since 2025-08-01
  lambdaRequest: 0.2 / 1e6,
  dynamoWriteUnit: 0.625 / 1e6, // on-demand, after the 2024-11-01 price cut
  dynamoReadUnit: 0.125 / 1e6,
  dynamoStorageGbMonth: 0.25,
  dynamoPitrGbMonth: 0.2,
  streamsReadByLambda: 0, // GetRecords by a Lambda event source mapping is free
  snsPublish: 0.5 / 1e6, // per 64 KB chunk of a published message (each PublishBatch entry counts)
  snsEmailDelivery: 2 / 1e5,
  smsUsPerMessage: 0.00581, // AWS End User Messaging base price for a US message; carrier fees are extra
  apiGatewayRestRequest: 3.5 / 1e6, // first 333 million requests a month
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
  eventBridgeAwsServiceEvent: 0, // S3 "Object Created" on the default bus, rule and target included
  logsIngestGb: 0.5,
  xrayTraceRecorded: 5 / 1e6,
  kmsRequest: 0.03 / 1e4,
  kmsKeyMonth: 1,
  cloudWatchMetricMonth: 0.3,
  cloudWatchAlarmMonth: 0.1,
} as const;

/** What cannot be measured on this machine, stated. */
export const ASSUMPTIONS = {
  /** In-region round trip of one call, from the function's point of view (ms). */
  latencyMs: { dynamodb: 6, sns: 25, s3: 20 },
  /** A Lambda function gets CPU in proportion to memory: one vCPU at 1,769 MB. */
  fullCpuMb: 1769,
  /** Share of invocations that start a new execution environment. */
  coldFraction: 0.05,
  /** Lambda platform log lines per invocation (START, END, REPORT with X-Ray fields), bytes. */
  platformLogBytes: 400,
  /** One API Gateway JSON access-log line (jsonWithStandardFields), bytes. */
  accessLogBytes: 450,
  subscribers: 100,
  memoryMb: 256,
} as const;

const ARTICLES = 100_000;

function parseArgs(argv: string[]) {
  const o = {
    items: 2000,
    corpus: join(REPO_ROOT, "../shared/data/corpus-reuters-1987.jsonl"),
    markdown: false,
    coldFraction: ASSUMPTIONS.coldFraction as number,
    /** The stack's X-Ray setting to price (infra/config.ts `tracing`; off by default). */
    tracing: "off" as "off" | "active",
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--items") o.items = Number(argv[++i]);
    else if (a === "--corpus") o.corpus = argv[++i] as string;
    else if (a === "--markdown") o.markdown = true;
    else if (a === "--cold-fraction") o.coldFraction = Number(argv[++i]);
    else if (a === "--tracing") {
      const v = argv[++i];
      if (v !== "off" && v !== "active") throw new Error('--tracing takes "off" or "active"');
      o.tracing = v;
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

// ---- DynamoDB item sizes, as DynamoDB counts them -------------------------------------------------------

function valueBytes(v: unknown): number {
  if (v === null || typeof v === "boolean") return 1;
  if (typeof v === "string") return Buffer.byteLength(v);
  if (typeof v === "number") {
    const digits = String(Math.abs(v)).replace(/e.*$/, "").replace(".", "").replace(/^0+/, "").length;
    return Math.ceil(digits / 2) + 1;
  }
  if (Array.isArray(v)) return 3 + v.reduce((n: number, x) => n + 1 + valueBytes(x), 0);
  if (typeof v === "object")
    return (
      3 +
      Object.entries(v as object).reduce(
        (n, [k, x]) => (x === undefined ? n : n + 1 + Buffer.byteLength(k) + valueBytes(x)),
        0,
      )
    );
  return 0;
}

/** Item size: attribute names plus values (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html). */
export function itemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce(
    (n, [k, v]) => (v === undefined ? n : n + Buffer.byteLength(k) + valueBytes(v)),
    0,
  );
}
const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
const readUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 4096)); // strongly consistent

// ---- Recording clients -----------------------------------------------------------------------------------

/** Article items as the ingest wrote them, by pk: notify's stream records are built from these. */
const writtenItems = new Map<string, Record<string, unknown>>();

interface Tally {
  wru: number;
  gsiWru: number;
  rru: number;
  dynamoCalls: number;
  snsCalls: number;
  /** Round trips in sequence: calls issued together (Promise.all) share one. */
  dynamoTrips: number;
  snsTrips: number;
  inFlight: { dynamo: number; sns: number };
  snsMessages: number;
  snsChunks: number;
  storedBytes: number;
  items: Map<string, number>;
}
const tally = (): Tally => ({
  wru: 0,
  gsiWru: 0,
  rru: 0,
  dynamoCalls: 0,
  snsCalls: 0,
  dynamoTrips: 0,
  snsTrips: 0,
  inFlight: { dynamo: 0, sns: 0 },
  snsMessages: 0,
  snsChunks: 0,
  storedBytes: 0,
  items: new Map(),
});

/**
 * Wraps a recording `send` so calls in flight together count as one round trip: a call that starts while none
 * is in flight starts a new one. Each call yields once (setImmediate), so calls a handler issues together
 * overlap the way their requests would.
 */
function tripCounting<T>(t: Tally, service: "dynamo" | "sns", send: (command: unknown) => Promise<T>) {
  return async (command: unknown): Promise<T> => {
    if (t.inFlight[service]++ === 0) t[service === "dynamo" ? "dynamoTrips" : "snsTrips"]++;
    try {
      await new Promise((resolve) => setImmediate(resolve));
      return await send(command);
    } finally {
      t.inFlight[service]--;
    }
  };
}

/** Read units of a read of `bytes`: 4 KB units, halved for an eventually consistent read. */
const readCost = (bytes: number, consistent: boolean | undefined) =>
  consistent ? readUnits(bytes) : readUnits(bytes) / 2;

function recordingDynamo(t: Tally, table: string): DocumentClient {
  const send = tripCounting(t, "dynamo", async (command: unknown) => {
    t.dynamoCalls++;
    if (command instanceof PutCommand) {
      const item = command.input.Item as Record<string, unknown>;
      const size = itemBytes(item);
      t.wru += writeUnits(size);
      t.storedBytes += size;
      t.items.set(String(item.pk), size);
      writtenItems.set(String(item.pk), item);
      return {};
    }
    if (command instanceof BatchWriteCommand) {
      for (const r of command.input.RequestItems?.[table] ?? []) {
        const item = r.PutRequest?.Item as Record<string, unknown>;
        const size = itemBytes(item);
        t.wru += writeUnits(size);
        t.storedBytes += size;
        // Tag edges carry the byTopic keys, so each is also written to the index (projection ALL).
        if (item.gsi1pk !== undefined) t.gsiWru += writeUnits(size);
      }
      return { UnprocessedItems: {} };
    }
    if (command instanceof BatchGetCommand) {
      const request = command.input.RequestItems?.[table];
      for (const key of request?.Keys ?? [])
        t.rru += readCost(t.items.get(String(key.pk)) ?? 1, request?.ConsistentRead);
      return { Responses: { [table]: [] } };
    }
    if (command instanceof UpdateCommand) {
      const size = (t.items.get(String(command.input.Key?.pk)) ?? 0) + 40; // + alertedAt
      t.wru += writeUnits(size);
      return {};
    }
    // Story assignment: the duplicate check and the own-story check (GetItem), the LSH bucket queries (Query);
    // the samples are distinct stories, so every read finds nothing.
    if (command instanceof GetCommand) {
      t.rru += readCost(t.items.get(String(command.input.Key?.pk)) ?? 1, command.input.ConsistentRead);
      return {};
    }
    if (command instanceof QueryCommand) {
      t.rru += readCost(1, command.input.ConsistentRead);
      return { Items: [] };
    }
    throw new Error(`cost model: unexpected DynamoDB command ${(command as object).constructor.name}`);
  });
  return { send } as unknown as DocumentClient;
}

function recordingSns(t: Tally, topicsOf: Map<string, string[]>): SNSClient {
  const send = tripCounting(t, "sns", async (command: unknown) => {
    if (!(command instanceof PublishBatchCommand)) throw new Error("cost model: unexpected SNS command");
    t.snsCalls++;
    const entries = command.input.PublishBatchRequestEntries ?? [];
    for (const e of entries) {
      t.snsMessages++;
      const bytes = Buffer.byteLength(e.Message ?? "") + Buffer.byteLength(e.Subject ?? "");
      t.snsChunks += Math.max(1, Math.ceil(bytes / (64 * 1024)));
      const topics = e.MessageAttributes?.topics?.StringValue;
      if (e.Id && topics) topicsOf.set(e.Id, JSON.parse(topics) as string[]);
    }
    return { Successful: entries.map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}` })), Failed: [] };
  });
  return { send } as unknown as SNSClient;
}

// ---- Sample articles ---------------------------------------------------------------------------------------

interface Sample {
  title: string;
  body: string;
  publishedAt?: string;
}

function samples(corpus: string, n: number): { items: Sample[]; source: string } {
  if (existsSync(corpus)) {
    const lines = readFileSync(corpus, "utf8").split("\n").filter(Boolean);
    const step = Math.max(1, Math.floor(lines.length / n));
    const items: Sample[] = [];
    for (let i = 0; i < lines.length && items.length < n; i += step) {
      const { text, date } = JSON.parse(lines[i] as string) as { text: string; date?: string | null };
      // Corpus items are "<title>. <body>"; wire titles mark company names as <NAME>, which the API refuses as
      // markup, so the model drops the brackets.
      const cut = text.indexOf(". ");
      const title = (cut > 0 && cut < 400 ? text.slice(0, cut) : text.slice(0, 120))
        .replace(/[<>]/g, "")
        .trim();
      items.push({ title, body: text, ...(date ? { publishedAt: date } : {}) });
    }
    return { items, source: `${items.length} items spread over ${corpus}` };
  }
  const dir = join(REPO_ROOT, "events/api");
  const file = join(dir, "01-seed-czechia-caps-russian-diplomats.json");
  const body = JSON.parse(JSON.parse(readFileSync(file, "utf8")).body) as Sample;
  return { items: [body], source: `${file} only (the shared corpus is absent)` };
}

function apiEvent(article: Sample, i: number): APIGatewayProxyEvent {
  return {
    resource: "/articles",
    path: "/articles",
    httpMethod: "POST",
    headers: { "Content-Type": "application/json" },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: { requestId: `cost-${i}` } as APIGatewayProxyEvent["requestContext"],
    body: JSON.stringify({ ...article, publishedAt: article.publishedAt ?? "2026-05-01" }),
    isBase64Encoded: false,
  };
}

/** Runs `fn` with stdout and stderr captured; returns their byte count (what Lambda would send to the logs). */
async function capturingStdout<T>(fn: () => Promise<T>): Promise<{ value: T; bytes: number }> {
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((s) => s.write);
  let bytes = 0;
  for (const s of streams)
    s.write = ((chunk: string | Uint8Array) => {
      bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength;
      return true;
    }) as typeof s.write;
  try {
    return { value: await fn(), bytes };
  } finally {
    streams.forEach((s, i) => {
      s.write = writes[i] as typeof s.write;
    });
  }
}

function coldStartsFromBench(): Record<string, number> | undefined {
  const file = join(REPO_ROOT, "cdk.out", "bench", "results.json");
  if (!existsSync(file)) return undefined;
  const r = JSON.parse(readFileSync(file, "utf8")) as {
    coldStarts?: { figures: { name: string; sdk: string; overEmpty: number }[] };
  };
  const deployed = "bundled";
  const out: Record<string, number> = {};
  for (const f of r.coldStarts?.figures ?? []) if (f.sdk === deployed) out[f.name] = f.overEmpty;
  return out;
}

function memoryFromTemplate(): Record<string, number> {
  const file = join(REPO_ROOT, "cdk.out", "Wirewatch.template.json");
  const out: Record<string, number> = {};
  if (!existsSync(file)) return out;
  const t = JSON.parse(readFileSync(file, "utf8")) as {
    Resources: Record<string, { Type: string; Properties?: { MemorySize?: number; Handler?: string } }>;
  };
  for (const [id, r] of Object.entries(t.Resources))
    if (r.Type === "AWS::Lambda::Function" && r.Properties?.MemorySize) {
      const name = id.startsWith("IngestApi")
        ? "ingestApi"
        : id.startsWith("Notify")
          ? "notify"
          : id.startsWith("IngestS3")
            ? "ingestS3"
            : id;
      out[name] = r.Properties.MemorySize;
    }
  return out;
}

// ---- The model ---------------------------------------------------------------------------------------------

export interface CostLine {
  item: string;
  usd: number;
  basis: string;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const { items, source } = samples(o.corpus, o.items);
  const TABLE = "cost-articles";
  const ingestTally = tally();
  const notifyTally = tally();
  const silent = { telemetry: createTelemetry("ingest-api"), now: () => new Date("2026-05-01T12:00:00Z") };
  const ingest = createIngestApiHandler(
    ingestApiDeps({ tableName: TABLE, limits: DEFAULT_LIMITS }, recordingDynamo(ingestTally, TABLE), silent),
  );
  const topicsOf = new Map<string, string[]>();
  // Notify reads the article sizes the ingest wrote (BatchGet and the alerted-marker update depend on them).
  notifyTally.items = ingestTally.items;
  const notify = createNotifyHandler(
    notifyDeps(
      { tableName: TABLE, topicArn: "arn:aws:sns:us-east-1:123456789012:cost" },
      recordingDynamo(notifyTally, TABLE),
      recordingSns(notifyTally, topicsOf),
      { telemetry: createTelemetry("notify") },
    ),
  );

  const ingestMs: number[] = [];
  const notifyMs: number[] = [];
  let ingestLogBytes = 0;
  let notifyLogBytes = 0;
  let stored = 0;
  let alerted = 0;
  let textBytes = 0;
  const alertTopicCounts: number[] = [];
  // Warm-up: the tagger's first call and V8's compilation belong to the cold start, counted separately.
  await capturingStdout(() => ingest(apiEvent(items[0] as Sample, -1)));
  Object.assign(ingestTally, { wru: 0, gsiWru: 0, rru: 0, dynamoCalls: 0, dynamoTrips: 0, storedBytes: 0 });
  ingestTally.items.clear();

  for (const [i, article] of items.entries()) {
    textBytes += Buffer.byteLength(article.body);
    const before = ingestTally.items.size;
    const t0 = performance.now();
    const { bytes } = await capturingStdout(() => ingest(apiEvent(article, i)));
    ingestMs.push(performance.now() - t0);
    ingestLogBytes += bytes;
    if (ingestTally.items.size === before) continue;
    stored++;
    const pk = [...ingestTally.items.keys()].at(-1) as string;
    // The stream record Lambda would hand to notify for this INSERT (the filter passes article items only).
    const event = {
      Records: [
        {
          eventID: `e-${i}`,
          eventName: "INSERT",
          eventSource: "aws:dynamodb",
          dynamodb: {
            SequenceNumber: String(i),
            NewImage: marshall(writtenItems.get(pk), { removeUndefinedValues: true }),
          },
        },
      ],
    } as unknown as DynamoDBStreamEvent;
    const messagesBefore = notifyTally.snsMessages;
    const t1 = performance.now();
    const { bytes: nb } = await capturingStdout(() => notify(event));
    notifyMs.push(performance.now() - t1);
    notifyLogBytes += nb;
    if (notifyTally.snsMessages > messagesBefore) {
      alerted++;
      alertTopicCounts.push([...topicsOf.values()].at(-1)?.length ?? 1);
    }
  }
  if (stored === 0) throw new Error("cost model: no sample article was stored");

  const memory = {
    ...{ ingestApi: ASSUMPTIONS.memoryMb, notify: ASSUMPTIONS.memoryMb },
    ...memoryFromTemplate(),
  };
  const cold = coldStartsFromBench();
  const perStored = (x: number) => (x / stored) * ARTICLES;
  const perArticle = (x: number) => (x / items.length) * ARTICLES;
  const cpuFactor = (mb: number) => Math.max(1, ASSUMPTIONS.fullCpuMb / mb);
  const L = ASSUMPTIONS.latencyMs;

  // Lambda duration per invocation: CPU measured here, scaled to the function's CPU share, plus the AWS round
  // trips the handler waits for in sequence (the story lookup's bucket queries go out together: one trip).
  const ingestTrips = ingestTally.dynamoTrips / items.length;
  const notifyTrips = notifyTally.dynamoTrips / stored;
  const ingestDur = median(ingestMs) * cpuFactor(memory.ingestApi) + ingestTrips * L.dynamodb;
  const notifyDur =
    median(notifyMs) * cpuFactor(memory.notify) +
    notifyTrips * L.dynamodb +
    (notifyTally.snsTrips / stored) * L.sns;
  const coldIngest = (cold?.ingestApi ?? 0) * o.coldFraction;
  const coldNotify = (cold?.notify ?? 0) * o.coldFraction;
  const gbs = (mb: number, msEach: number, n: number) => (mb / 1024) * (msEach / 1000) * n;
  const invocations = { ingest: ARTICLES, notify: perStored(stored) };
  const lambdaGbs =
    gbs(memory.ingestApi, ingestDur + coldIngest, invocations.ingest) +
    gbs(memory.notify, notifyDur + coldNotify, invocations.notify);

  const emails = alertTopicCounts.length; // alerts
  const deliveriesAll = perStored(emails) * ASSUMPTIONS.subscribers;
  // Subscribers spread over the topics, one topic each: an alert reaches those following one of its topics.
  const topicCount = 3;
  const deliveriesSpread =
    perStored(alertTopicCounts.reduce((n, k) => n + Math.min(k, topicCount) / topicCount, 0)) *
    ASSUMPTIONS.subscribers;
  const logGb =
    (perArticle(ingestLogBytes) +
      perStored(notifyLogBytes) +
      (invocations.ingest + invocations.notify) * ASSUMPTIONS.platformLogBytes +
      ARTICLES * ASSUMPTIONS.accessLogBytes) /
    1e9;
  const storedGb = perArticle(ingestTally.storedBytes) / 1e9;

  const traces = invocations.ingest + invocations.notify;
  const xrayUsd = traces * PRICES.xrayTraceRecorded;
  const lines: CostLine[] = [
    {
      item: "Lambda compute",
      usd: lambdaGbs * PRICES.lambdaGbSecondArm,
      basis: `${lambdaGbs.toFixed(0)} GB-s: ingest ${ingestDur.toFixed(1)} ms (${ingestTrips.toFixed(1)} DynamoDB round trips, ${(ingestTally.dynamoCalls / items.length).toFixed(1)} calls), notify ${notifyDur.toFixed(1)} ms per invocation at ${memory.ingestApi}/${memory.notify} MB, ${(o.coldFraction * 100).toFixed(0)}% cold (+${cold?.ingestApi?.toFixed(0) ?? "?"}/${cold?.notify?.toFixed(0) ?? "?"} ms)`,
    },
    {
      item: "Lambda requests",
      usd: (invocations.ingest + invocations.notify) * PRICES.lambdaRequest,
      basis: `${invocations.ingest.toFixed(0)} ingest + ${invocations.notify.toFixed(0)} notify invocations`,
    },
    {
      item: "DynamoDB writes: article items",
      usd: perArticle(itemsWru(ingestTally)) * PRICES.dynamoWriteUnit,
      basis: `${(perArticle(itemsWru(ingestTally)) / ARTICLES).toFixed(2)} WRU per article (median item ${median([...ingestTally.items.values()]).toFixed(0)} B)`,
    },
    {
      item: "DynamoDB writes: tag edges + byTopic index",
      usd: perArticle(ingestTally.wru - itemsWru(ingestTally) + ingestTally.gsiWru) * PRICES.dynamoWriteUnit,
      basis: `${(perArticle(ingestTally.wru - itemsWru(ingestTally)) / ARTICLES).toFixed(3)} edge WRU + ${(perArticle(ingestTally.gsiWru) / ARTICLES).toFixed(3)} index WRU per article`,
    },
    {
      // The duplicate check, the story lookups (LSH bucket queries, consistent) and candidate stories.
      item: "DynamoDB reads at ingest (duplicates, stories)",
      usd: perArticle(ingestTally.rru) * PRICES.dynamoReadUnit,
      basis: `${(perArticle(ingestTally.rru) / ARTICLES).toFixed(1)} RRU per article (GetItem, one Query per LSH band, eventually consistent when no topic matched)`,
    },
    {
      item: "DynamoDB: alerted markers + reads in notify",
      usd:
        perStored(notifyTally.wru) * PRICES.dynamoWriteUnit +
        perStored(notifyTally.rru) * PRICES.dynamoReadUnit,
      basis: `${perStored(notifyTally.wru).toFixed(0)} WRU (UpdateItem on alerted articles), ${perStored(notifyTally.rru).toFixed(0)} RRU (consistent BatchGet)`,
    },
    {
      item: "DynamoDB stream reads",
      usd: 0,
      basis: "GetRecords by the Lambda event source mapping are free",
    },
    {
      item: "SNS publishes",
      usd: perStored(notifyTally.snsChunks) * PRICES.snsPublish,
      basis: `${perStored(notifyTally.snsMessages).toFixed(0)} alerts (${((emails / stored) * 100).toFixed(1)}% of articles), one 64 KB chunk each`,
    },
    {
      item: `SNS email deliveries (${ASSUMPTIONS.subscribers} subscribers, all topics)`,
      usd: deliveriesAll * PRICES.snsEmailDelivery,
      basis: `${deliveriesAll.toFixed(0)} emails; one topic each instead: ${deliveriesSpread.toFixed(0)} emails, $${(deliveriesSpread * PRICES.snsEmailDelivery).toFixed(2)}`,
    },
    {
      item: "API Gateway REST requests",
      usd: ARTICLES * PRICES.apiGatewayRestRequest,
      basis: `one article per request; batches of ${DEFAULT_LIMITS.maxBatchItems}: $${((ARTICLES / DEFAULT_LIMITS.maxBatchItems) * PRICES.apiGatewayRestRequest).toFixed(3)}`,
    },
    {
      item: "CloudWatch Logs ingestion",
      usd: logGb * PRICES.logsIngestGb,
      basis: `${(logGb * 1000).toFixed(0)} MB: handlers ${(ingestLogBytes / items.length + notifyLogBytes / stored) | 0} B/article measured, platform and access-log lines assumed`,
    },
    {
      item: `X-Ray traces (tracing ${o.tracing})`,
      usd: o.tracing === "active" ? xrayUsd : 0,
      basis:
        o.tracing === "active"
          ? `${traces.toFixed(0)} traces: Lambda's sampling (1/s + 5%) keeps all at this rate`
          : `off, the stack's default; -c tracing=active: ${traces.toFixed(0)} traces, $${xrayUsd.toFixed(2)} (Lambda samples 1/s + 5%, every request at this rate)`,
    },
    {
      item: "KMS requests (alerts topic key)",
      usd: perStored(notifyTally.snsMessages) * 2 * PRICES.kmsRequest,
      basis: "at most one data-key and one decrypt request per alert",
    },
  ];
  const s3Path: CostLine = {
    item: "instead via S3: PUT + GET, EventBridge",
    usd: ARTICLES * (PRICES.s3Put + PRICES.s3Get) + ARTICLES * PRICES.eventBridgeAwsServiceEvent,
    basis: "one object per article; S3 events on the default bus are free; replaces the API Gateway line",
  };
  const total = lines.reduce((n, l) => n + l.usd, 0);
  const withoutEmail = total - (lines.find((l) => l.item.startsWith("SNS email"))?.usd ?? 0);
  const sms = perStored(emails) * ASSUMPTIONS.subscribers * PRICES.smsUsPerMessage;
  const fixed = [
    {
      item: "KMS customer-managed key",
      usd: PRICES.kmsKeyMonth,
      basis: "one key for the alerts and ops topics",
    },
    {
      item: "CloudWatch alarms",
      usd: 8 * PRICES.cloudWatchAlarmMonth,
      basis: "errors and throttles per function, DLQ depth",
    },
    {
      item: "EMF custom metrics",
      usd: 18 * PRICES.cloudWatchMetricMonth,
      basis: "up to 18 metric series (7 per ingest function with ArticlesTagged per topic, 3 in notify)",
    },
  ];
  const storage = storedGb * (PRICES.dynamoStorageGbMonth + PRICES.dynamoPitrGbMonth);
  const sorted = [...lines].sort((a, b) => b.usd - a.usd);

  const money = (x: number) => (x >= 0.01 || x === 0 ? `$${x.toFixed(2)}` : `$${x.toFixed(4)}`);
  const share = (x: number) => `${((x / total) * 100).toFixed(0)}%`;
  const header = `Monthly cost per ${ARTICLES.toLocaleString("en")} articles, ${ASSUMPTIONS.subscribers} subscribers (${PRICES.region} list prices recorded ${PRICES.recorded}, free tiers not deducted)`;
  const sampleLine = `Measured on ${source}: ${stored} stored, ${alerted} alerted; median text ${(textBytes / items.length).toFixed(0)} B; CPU per article ${median(ingestMs).toFixed(2)} ms ingest, ${median(notifyMs).toFixed(2)} ms notify on this machine, x${cpuFactor(memory.ingestApi).toFixed(1)} for a ${memory.ingestApi} MB function's CPU share`;
  const xray = lines.find((l) => l.item.startsWith("X-Ray"))?.usd ?? 0;
  const verdict =
    `pipeline without per-recipient deliveries: ${money(withoutEmail)} (target <= $1: ${withoutEmail <= 1 ? "met" : "NOT met"}), ` +
    (o.tracing === "active"
      ? `${money(withoutEmail - xray)} without X-Ray active tracing`
      : `${money(withoutEmail + xrayUsd)} with -c tracing=active`) +
    `; with email to ${ASSUMPTIONS.subscribers} all-topic subscribers: ${money(total)}`;
  if (o.markdown) {
    const md = [
      `| item | $ / month | share | basis |`,
      `|---|---:|---:|---|`,
      ...sorted.map((l) => `| ${l.item} | ${money(l.usd)} | ${share(l.usd)} | ${l.basis} |`),
      `| **total, not counting SMS** | **${money(total)}** | 100% | |`,
      `| *${s3Path.item}* | *${money(s3Path.usd)}* | | ${s3Path.basis} |`,
      `| *SMS (separate)* | *${money(sms)}* | | ${(perStored(emails) * ASSUMPTIONS.subscribers).toFixed(0)} messages if all 100 subscribe by SMS, $${PRICES.smsUsPerMessage} per US message plus carrier fees |`,
      `| *storage of one month's articles* | *${money(storage)} per month kept* | | ${(storedGb * 1000).toFixed(0)} MB, table + PITR |`,
      ...fixed.map((f) => `| *fixed: ${f.item}* | *${money(f.usd)}* | | ${f.basis} |`),
    ];
    process.stdout.write(`${header}\n\n${sampleLine}.\n\n${md.join("\n")}\n\n${verdict}\n`);
    return;
  }
  process.stdout.write(`${header}\n${sampleLine}\n\n`);
  process.stdout.write(
    `${table([["item", "$/month", "share", "basis"], ...sorted.map((l) => [l.item, money(l.usd), share(l.usd), l.basis]), ["total (not counting SMS)", money(total), "100%", ""]])}\n\n`,
  );
  process.stdout.write(
    `${table([
      ["alternatives and extras", "$/month", "", "basis"],
      [s3Path.item, money(s3Path.usd), "", s3Path.basis],
      [
        "SMS, priced separately",
        money(sms),
        "",
        `all 100 subscribers by SMS, $${PRICES.smsUsPerMessage}/US message + carrier fees`,
      ],
      [
        "storage of one month's articles",
        money(storage),
        "",
        `${(storedGb * 1000).toFixed(0)} MB kept a month (table + PITR)`,
      ],
      ...fixed.map((f) => [`fixed: ${f.item}`, money(f.usd), "", f.basis]),
    ])}\n\n`,
  );
  process.stdout.write(
    `dominated by: ${sorted
      .slice(0, 3)
      .map((l) => `${l.item} (${share(l.usd)})`)
      .join(", ")}\n${verdict}\n`,
  );
  process.stdout.write(
    `functions modelled: ingestApi, notify (of ${Object.keys(FUNCTION_ENTRIES).join(", ")}); cold starts ${cold ? "from cdk.out/bench/results.json" : "not counted: run npm run bench first"}\n`,
  );
}

/** Article-item write units (the PutItem of each stored article). */
function itemsWru(t: Tally): number {
  let n = 0;
  for (const size of t.items.values()) n += writeUnits(size);
  return n;
}

await main();
