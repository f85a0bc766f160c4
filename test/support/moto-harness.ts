/**
 * The wirewatch pipeline on a moto server: the articles table WITH its stream (NEW_IMAGE), the alerts topic, one
 * SQS queue per test subscriber subscribed with the subscriber's filter policy, a dead-letter queue and an ingest
 * bucket. The real handlers are wired through composition.ts to clients of their own (so a test can inject faults
 * into exactly the handlers' calls); the stream is read through the DynamoDB Streams API and handed to the notify
 * handler by an in-process event source mapping, as Lambda would (moto cannot invoke Lambda without Docker).
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { CreateBucketCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { CreateScheduleGroupCommand, type SchedulerClient } from "@aws-sdk/client-scheduler";
import {
  CreateTopicCommand,
  type PublishBatchCommandInput,
  type PublishBatchRequestEntry,
  type PublishBatchResponse,
  type SNSClient,
} from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from "aws-lambda";
import { DynamoStreamReader, type InboxDelivery, SqsInbox } from "../../cli/local/deployed-backend.ts";
import { createArticlesTable, startEmbeddedDynamo } from "../../cli/local/embedded-dynamo.ts";
import { FolderObjectSource } from "../../cli/local/folder-object-source.ts";
import { createLocalScheduler } from "../../cli/local/local-scheduler.ts";
import { createLocalSns } from "../../cli/local/local-sns.ts";
import { LocalStream, matchesEventPattern } from "../../cli/local/local-stream.ts";
import {
  createDynamoClient,
  createS3Client,
  createSchedulerClient,
  createSnsClient,
  localClientOptions,
} from "../../lambdas/adapters/clients.ts";
import { type DocumentClient, ScanCommand } from "../../lambdas/adapters/dynamo-client.ts";
import { createTelemetry } from "../../lambdas/adapters/telemetry.ts";
import {
  digestDeps,
  ingestApiDeps,
  ingestS3Deps,
  notifyDeps,
  remindDeps,
} from "../../lambdas/composition.ts";
import { DEFAULT_LIMITS } from "../../lambdas/config.ts";
import { buildFilterPolicy, type Cadence } from "../../lambdas/core/alerts/filter-policy.ts";
import { loadTagger } from "../../lambdas/core/tagger/load.ts";
import { createDigestHandler } from "../../lambdas/digest/app.ts";
import { createIngestApiHandler } from "../../lambdas/ingest-api/app.ts";
import { createIngestS3Handler, type IngestS3Handler } from "../../lambdas/ingest-s3/app.ts";
import { createNotifyHandler } from "../../lambdas/notify/app.ts";
import { NOTIFY_STREAM_FILTER } from "../../lambdas/notify/stream-filter.ts";
import { createRemindHandler } from "../../lambdas/remind/app.ts";
import type { Moto } from "./moto.ts";

// ---------------------------------------------------------------------------------------------------------
// An in-process event source mapping (DynamoDB stream -> function), for the embedded and the moto backends.

/** Lambda's on-failure destination message for a stream source: it names the batch, it does not carry it. */
export interface StreamOnFailureMessage {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: "RetryAttemptsExhausted";
    approximateInvokeCount: number;
  };
  responseContext: { statusCode: number; executedVersion: string; functionError?: string };
  version: "1.0";
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

export interface MappingOptions {
  /** Records per invocation (the deployed mapping's batchSize). */
  batchSize?: number;
  /** Retries of a failing batch before it goes to the on-failure destination. */
  maxRetryAttempts?: number;
  /** Split a failing batch in two on each retry (BisectBatchOnFunctionError). */
  bisectOnError?: boolean;
  /** Where the on-failure message goes (the SQS dead-letter queue). */
  onFailure: (message: StreamOnFailureMessage) => Promise<void>;
  functionArn?: string;
}

export interface MappingReport {
  invocations: number;
  /** Records the function received, counting retries. */
  recordsDelivered: number;
  /** Each invocation: the records' sequence numbers and the batchItemFailures it answered ("*" = it threw). */
  invocationLog: { sequenceNumbers: string[]; failures: string[] }[];
  deadLettered: StreamOnFailureMessage[];
}

export type StreamHandler = (
  event: DynamoDBStreamEvent,
) => Promise<DynamoDBBatchResponse | undefined | unknown>;

const seqOf = (r: DynamoDBRecord) => r.dynamodb?.SequenceNumber ?? "";
const arrival = (r: DynamoDBRecord | undefined) =>
  new Date((r?.dynamodb?.ApproximateCreationDateTime ?? 0) * 1000).toISOString();

/**
 * Lambda's DynamoDB event source mapping as the notify function is configured (filter, batch size, retries,
 * bisect, ReportBatchItemFailures, on-failure destination), in process. With ReportBatchItemFailures, Lambda
 * retries from the failed record with the lowest sequence number (the checkpoint); a thrown error or an unknown
 * item identifier fails the whole batch, and a thrown error is bisected (halves retried) when bisect is on.
 * After `maxRetryAttempts` retries the remaining records are
 * discarded and their batch info is sent to the on-failure destination; the shard then moves on.
 */
export class StreamMappingSimulator {
  private readonly batchSize: number;
  private readonly maxRetryAttempts: number;
  private readonly bisect: boolean;

  constructor(
    private readonly handler: StreamHandler,
    private readonly options: MappingOptions,
  ) {
    // The defaults are the deployed mapping's (infra: batch 25, 5 retries, bisect on).
    this.batchSize = options.batchSize ?? 25;
    this.maxRetryAttempts = options.maxRetryAttempts ?? 5;
    this.bisect = options.bisectOnError ?? true;
  }

  /** The failed suffix of a batch (from the checkpoint on; empty when it succeeded), and whether it threw. */
  private async invoke(
    batch: DynamoDBRecord[],
    report: MappingReport,
  ): Promise<{ failed: DynamoDBRecord[]; threw: boolean }> {
    report.invocations++;
    report.recordsDelivered += batch.length;
    const entry = { sequenceNumbers: batch.map(seqOf), failures: [] as string[] };
    report.invocationLog.push(entry);
    let response: unknown;
    try {
      response = await this.handler({ Records: batch });
    } catch {
      entry.failures = ["*"];
      return { failed: batch, threw: true };
    }
    const failures = (response as DynamoDBBatchResponse | undefined)?.batchItemFailures ?? [];
    entry.failures = failures.map((f) => f.itemIdentifier);
    if (failures.length === 0) return { failed: [], threw: false };
    const indexes = failures.map((f) => batch.findIndex((r) => seqOf(r) === f.itemIdentifier));
    // An identifier that names no record of the batch fails the whole batch, as on Lambda.
    if (indexes.some((i) => i < 0)) return { failed: batch, threw: false };
    return { failed: batch.slice(Math.min(...indexes)), threw: false };
  }

  async process(shardId: string, records: DynamoDBRecord[], streamArn?: string): Promise<MappingReport> {
    const report: MappingReport = {
      invocations: 0,
      recordsDelivered: 0,
      invocationLog: [],
      deadLettered: [],
    };
    const filtered = records.filter((r) => matchesEventPattern(NOTIFY_STREAM_FILTER, r));
    for (let i = 0; i < filtered.length; i += this.batchSize) {
      const work: { batch: DynamoDBRecord[]; attempt: number }[] = [
        { batch: filtered.slice(i, i + this.batchSize), attempt: 0 },
      ];
      while (work.length > 0) {
        const { batch, attempt } = work.shift() as { batch: DynamoDBRecord[]; attempt: number };
        const { failed, threw } = await this.invoke(batch, report);
        if (failed.length === 0) continue;
        if (attempt < this.maxRetryAttempts) {
          // A partial batch response is "bisected" at the checkpoint: the failed suffix is retried. A function
          // error with BisectBatchOnFunctionError splits the batch in halves.
          const half = Math.ceil(failed.length / 2);
          const parts =
            threw && this.bisect && failed.length > 1
              ? [failed.slice(0, half), failed.slice(half)]
              : [failed];
          work.unshift(...parts.map((b) => ({ batch: b, attempt: attempt + 1 })));
          continue;
        }
        const message: StreamOnFailureMessage = {
          requestContext: {
            requestId: randomUUID(),
            functionArn: this.options.functionArn ?? "arn:aws:lambda:us-east-1:123456789012:function:notify",
            condition: "RetryAttemptsExhausted",
            approximateInvokeCount: attempt + 1,
          },
          responseContext: { statusCode: 200, executedVersion: "$LATEST" },
          version: "1.0",
          timestamp: new Date().toISOString(),
          DDBStreamBatchInfo: {
            shardId,
            startSequenceNumber: seqOf(failed[0] as DynamoDBRecord),
            endSequenceNumber: seqOf(failed[failed.length - 1] as DynamoDBRecord),
            approximateArrivalOfFirstRecord: arrival(failed[0]),
            approximateArrivalOfLastRecord: arrival(failed[failed.length - 1]),
            batchSize: failed.length,
            streamArn: streamArn ?? failed[0]?.eventSourceARN ?? "",
          },
        };
        report.deadLettered.push(message);
        await this.options.onFailure(message);
      }
    }
    return report;
  }
}

/** Article ids of the INSERT records in `records` between a dead-lettered batch's sequence numbers. */
export function articleIdsInRange(
  records: DynamoDBRecord[],
  info: StreamOnFailureMessage["DDBStreamBatchInfo"],
) {
  const start = BigInt(info.startSequenceNumber);
  const end = BigInt(info.endSequenceNumber);
  return records
    .filter((r) => {
      const s = BigInt(seqOf(r) || "0");
      return s >= start && s <= end && matchesEventPattern(NOTIFY_STREAM_FILTER, r);
    })
    .map((r) => r.dynamodb?.NewImage?.id?.S)
    .filter((id): id is string => typeof id === "string");
}

// ---------------------------------------------------------------------------------------------------------
// The pipeline on moto.

export interface TestSubscriber {
  name: string;
  topics: string[];
  /** @default "instant" */
  cadence?: Cadence;
  reminders?: boolean;
}

const optionsOf = (s: TestSubscriber) => ({
  ...(s.cadence ? { cadence: s.cadence } : {}),
  ...(s.reminders ? { reminders: true } : {}),
});

/** The reminder schedule group the test pipelines create (on moto) or stand in for (embedded). */
export const TEST_REMINDERS = {
  groupName: "wirewatch-reminders-test",
  targetArn: "arn:aws:lambda:us-east-1:123456789012:function:remind",
  roleArn: "arn:aws:iam::123456789012:role/reminders",
  deadLetterArn: "arn:aws:sqs:us-east-1:123456789012:reminders-dlq",
  leadHours: 24,
} as const;

/** One queue per subscriber: single topics, all topics, two overlapping topics. */
export const MOTO_SUBSCRIBERS: TestSubscriber[] = [
  { name: "expulsions-desk", topics: ["expulsions"] },
  { name: "intel-desk", topics: ["intelligence"] },
  { name: "deadline-desk", topics: ["deadline"] },
  { name: "everything-desk", topics: ["expulsions", "intelligence", "deadline"] },
  { name: "intel-and-deadline", topics: ["intelligence", "deadline"] },
];

export interface MotoPipeline {
  moto: Moto;
  tableName: string;
  topicArn: string;
  bucket: string;
  dlqUrl: string;
  /** The clients the handlers use: add fault middleware to these. */
  handlerClients: { db: DocumentClient; sns: SNSClient; s3: S3Client };
  /** Clients for the test's own reads and writes (never faulted). */
  admin: { db: DocumentClient; sqs: SQSClient; s3: S3Client; streams: DynamoDBStreamsClient };
  stream: DynamoStreamReader;
  inboxes: Map<string, SqsInbox>;
  ingestApi(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult>;
  ingestS3: IngestS3Handler;
  notify(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse>;
  digest(event: unknown): Promise<unknown>;
  remind(event: unknown): Promise<unknown>;
  /** The scheduler client notify creates reminder schedules with (in group TEST_REMINDERS.groupName). */
  scheduler: SchedulerClient;
  mapping: StreamMappingSimulator;
  /** Reads the new stream records and runs them through the event source mapping. */
  pump(): Promise<MappingReport & { records: DynamoDBRecord[] }>;
  /** Deliveries per subscriber name since the last call. */
  takeDeliveries(): Promise<Record<string, InboxDelivery[]>>;
  /** Every item in the table, split by kind. */
  table(): Promise<{ articles: Record<string, unknown>[]; tags: Record<string, unknown>[] }>;
  /** The on-failure messages waiting in the dead-letter queue (received, left in the queue). */
  peekDeadLetters(): Promise<StreamOnFailureMessage[]>;
}

export async function createMotoPipeline(
  moto: Moto,
  options: {
    subscribers?: TestSubscriber[];
    mapping?: Partial<Omit<MappingOptions, "onFailure">>;
    /** The notify function's clock (reminder planning). */
    now?: () => Date;
    /** Wraps the notify handler the event source mapping invokes (the soak test times one batch out). */
    wrapNotify?: (handler: StreamHandler) => StreamHandler;
  } = {},
): Promise<MotoPipeline> {
  const suffix = randomUUID().slice(0, 8);
  const tableName = `wirewatch-articles-${suffix}`;
  const bucket = `wirewatch-ingest-${suffix}`;
  const clientOptions = localClientOptions(moto.endpoint, { maxAttempts: 1 });
  await createArticlesTable(moto.endpoint, tableName, { stream: true });

  const admin = {
    db: createDynamoClient(clientOptions),
    sqs: new SQSClient(clientOptions),
    s3: createS3Client(clientOptions),
    streams: new DynamoDBStreamsClient(clientOptions),
  };
  const adminSns = createSnsClient(clientOptions);
  const topic = await adminSns.send(new CreateTopicCommand({ Name: `wirewatch-alerts-${suffix}` }));
  const topicArn = topic.TopicArn as string;
  await admin.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const dlq = await admin.sqs.send(new CreateQueueCommand({ QueueName: `wirewatch-notify-dlq-${suffix}` }));
  const dlqUrl = dlq.QueueUrl as string;

  const known = loadTagger().topics;
  const inboxes = new Map<string, SqsInbox>();
  for (const s of options.subscribers ?? MOTO_SUBSCRIBERS) {
    inboxes.set(
      s.name,
      await SqsInbox.create(admin.sqs, adminSns, topicArn, {
        name: `${s.name}-${suffix}`,
        filterPolicy: buildFilterPolicy(s.topics, known, optionsOf(s)),
        subscriber: { endpoint: s.name, protocol: "sqs" },
      }),
    );
  }
  const stream = await DynamoStreamReader.forTable(clientOptions, tableName, admin.streams);

  const handlerClients = {
    db: createDynamoClient(clientOptions),
    sns: createSnsClient(clientOptions),
    s3: createS3Client(clientOptions),
  };
  const scheduler = createSchedulerClient(clientOptions);
  await scheduler
    .send(new CreateScheduleGroupCommand({ Name: TEST_REMINDERS.groupName }))
    .catch((error: Error) => {
      if (error.name !== "ConflictException") throw error;
    });
  const config = { tableName, limits: DEFAULT_LIMITS };
  const quiet = (service: string) => ({ telemetry: createTelemetry(service, { silent: true }) });
  const ingestApi = createIngestApiHandler(ingestApiDeps(config, handlerClients.db, quiet("ingest-api")));
  const ingestS3 = createIngestS3Handler(
    ingestS3Deps(config, handlerClients.db, handlerClients.s3, quiet("ingest-s3")),
  );
  const notify = createNotifyHandler(
    notifyDeps({ tableName, topicArn, reminders: TEST_REMINDERS }, handlerClients.db, handlerClients.sns, {
      ...quiet("notify"),
      scheduler,
      ...(options.now ? { now: options.now } : {}),
    }),
  );
  const scheduledConfig = { tableName, topicArn };
  const digest = createDigestHandler(
    digestDeps(scheduledConfig, handlerClients.db, handlerClients.sns, quiet("digest")),
  );
  const remind = createRemindHandler(
    remindDeps(scheduledConfig, handlerClients.db, handlerClients.sns, quiet("remind")),
  );
  const mapping = new StreamMappingSimulator(options.wrapNotify ? options.wrapNotify(notify) : notify, {
    ...options.mapping,
    onFailure: async (message) => {
      await admin.sqs.send(
        new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: JSON.stringify(message) }),
      );
    },
  });

  return {
    moto,
    tableName,
    topicArn,
    bucket,
    dlqUrl,
    handlerClients,
    admin,
    stream,
    inboxes,
    ingestApi,
    ingestS3,
    notify,
    digest,
    remind,
    scheduler,
    mapping,
    async pump() {
      const all: DynamoDBRecord[] = [];
      const total: MappingReport = {
        invocations: 0,
        recordsDelivered: 0,
        invocationLog: [],
        deadLettered: [],
      };
      for (const { shardId, records } of await stream.takeByShard()) {
        all.push(...records);
        const r = await mapping.process(shardId, records, stream.streamArn);
        total.invocations += r.invocations;
        total.recordsDelivered += r.recordsDelivered;
        total.invocationLog.push(...r.invocationLog);
        total.deadLettered.push(...r.deadLettered);
      }
      return { ...total, records: all };
    },
    async takeDeliveries() {
      const out: Record<string, InboxDelivery[]> = {};
      for (const [name, inbox] of inboxes) out[name] = await inbox.take();
      return out;
    },
    async table() {
      const items = await scanAll(admin.db, tableName);
      return {
        articles: items.filter((i) => i.sk === "ARTICLE"),
        tags: items.filter((i) => String(i.sk).startsWith("TAG#")),
      };
    },
    async peekDeadLetters() {
      const out = await admin.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
      );
      return (out.Messages ?? []).map((m) => JSON.parse(m.Body ?? "{}") as StreamOnFailureMessage);
    },
  };
}

/** Every item of a table: a Scan returns at most 1 MB a page, so it follows LastEvaluatedKey. */
export async function scanAll(db: DocumentClient, tableName: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The article ids each subscriber should get: those whose stored topics overlap the subscriber's. */
export function expectedDeliveries(articles: Record<string, unknown>[]): Record<string, string[]> {
  return Object.fromEntries(
    MOTO_SUBSCRIBERS.map((s) => [
      s.name,
      articles
        .filter((a) => (a.topics as string[]).some((t) => s.topics.includes(t)))
        .map((a) => String(a.id))
        .sort(),
    ]),
  );
}

/** Article ids per subscriber, sorted: what each inbox received. */
export function idsBySubscriber(
  deliveries: Record<string, { articleId?: string }[]>,
): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(deliveries).map(([name, list]) => [name, list.map((d) => d.articleId ?? "?").sort()]),
  );
}

/** The queue's approximate message count (visible + in flight). */
export async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const out = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return (
    Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

/** A sample event from events/, parsed afresh (a clone per call). */
export function loadSample<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(new URL(`../../events/${path}`, import.meta.url), "utf8")) as T;
}

/** Counts the PublishBatch requests and entries a client sends (added to the handlers' SNS client). */
export function countPublishBatches(sns: SNSClient): { requests: number; entries: number } {
  const counts = { requests: 0, entries: 0 };
  sns.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "PublishBatchCommand") {
        counts.requests++;
        counts.entries +=
          (args.input as { PublishBatchRequestEntries?: unknown[] }).PublishBatchRequestEntries?.length ?? 0;
      }
      return next(args);
    },
    { step: "initialize", name: "countPublishBatches" },
  );
  return counts;
}

// ---------------------------------------------------------------------------------------------------------
// The same pipeline shape on the embedded backend (dynalite + local alert bus), for tests run on both.

/** What the fault tests need from either backend. */
export interface PipelineUnderTest {
  name: "embedded" | "moto";
  handlerClients: { db: DocumentClient; sns: SNSClient };
  ingestApi(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult>;
  ingestS3: IngestS3Handler;
  notify(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse>;
  digest(event: unknown): Promise<unknown>;
  remind(event: unknown): Promise<unknown>;
  scheduler: SchedulerClient;
  pump(): Promise<MappingReport & { records: DynamoDBRecord[] }>;
  /** Article ids delivered per subscriber name since the last call. */
  takeDeliveries(): Promise<
    Record<
      string,
      { articleId?: string; kind?: string; subject?: string; body?: string; topics?: string[] }[]
    >
  >;
  table(): Promise<{ articles: Record<string, unknown>[]; tags: Record<string, unknown>[] }>;
  deadLetters(): Promise<StreamOnFailureMessage[]>;
  /** The article ids a dead-lettered batch held, read back from the stream. */
  articleIdsOf(message: StreamOnFailureMessage): Promise<string[]>;
  /** Drops an object into the ingest bucket and returns the EventBridge event announcing it. */
  dropObject(key: string, body: string | Uint8Array): Promise<unknown>;
  stop(): Promise<void>;
}

const objectCreated = (bucket: string, key: string) => ({
  version: "0",
  id: randomUUID(),
  "detail-type": "Object Created",
  source: "aws.s3",
  account: "123456789012",
  time: "2026-06-01T09:00:00Z",
  region: "us-east-1",
  resources: [`arn:aws:s3:::${bucket}`],
  detail: { version: "0", bucket: { name: bucket }, object: { key }, reason: "PutObject" },
});

export interface UnderTestOptions {
  mapping?: Partial<Omit<MappingOptions, "onFailure">>;
  /** @default MOTO_SUBSCRIBERS */
  subscribers?: TestSubscriber[];
  /** The notify function's clock (reminder planning). */
  now?: () => Date;
  /** Wraps the notify handler the event source mapping invokes (the soak test times one batch out). */
  wrapNotify?: (handler: StreamHandler) => StreamHandler;
}

export async function motoUnderTest(
  moto: Moto,
  options: UnderTestOptions = {},
): Promise<PipelineUnderTest & { pipeline: MotoPipeline }> {
  const p = await createMotoPipeline(moto, options);
  return {
    name: "moto",
    pipeline: p,
    handlerClients: p.handlerClients,
    ingestApi: p.ingestApi,
    ingestS3: p.ingestS3,
    notify: p.notify,
    digest: p.digest,
    remind: p.remind,
    scheduler: p.scheduler,
    pump: p.pump,
    takeDeliveries: p.takeDeliveries,
    table: p.table,
    deadLetters: p.peekDeadLetters,
    async articleIdsOf(message) {
      const info = message.DDBStreamBatchInfo;
      const records = await new DynamoStreamReader(p.admin.streams, info.streamArn).readRange(
        info.shardId,
        info.startSequenceNumber,
        info.endSequenceNumber,
      );
      return articleIdsInRange(records, info);
    },
    async dropObject(key, body) {
      await p.admin.s3.send(new PutObjectCommand({ Bucket: p.bucket, Key: key, Body: body }));
      return objectCreated(p.bucket, key);
    },
    async stop() {},
  };
}

export async function embeddedUnderTest(options: UnderTestOptions = {}): Promise<PipelineUnderTest> {
  const subscribers = options.subscribers ?? MOTO_SUBSCRIBERS;
  const dir = await mkdtemp(join(tmpdir(), "wirewatch-faults-"));
  const subscribersFile = join(dir, "subscribers.json");
  const endpointOf = (name: string) => `${name}@example.org`;
  await writeFile(
    subscribersFile,
    JSON.stringify({
      subscribers: subscribers.map((s) => ({
        endpoint: endpointOf(s.name),
        protocol: "email",
        topics: s.topics,
        ...optionsOf(s),
        confirmed: true,
      })),
    }),
  );
  const dynamo = await startEmbeddedDynamo();
  const tableName = "wirewatch-articles";
  await createArticlesTable(dynamo.endpoint, tableName);
  const adminDb = createDynamoClient(localClientOptions(dynamo.endpoint, { maxAttempts: 1 }));
  const stream = new LocalStream(tableName).attach(dynamo.db);
  const sns = createLocalSns({ subscribersFile });
  const config = { tableName, limits: DEFAULT_LIMITS };
  const quiet = (service: string) => ({ telemetry: createTelemetry(service, { silent: true }) });
  const bucketDir = join(dir, "bucket");
  const ingestApi = createIngestApiHandler(ingestApiDeps(config, dynamo.db, quiet("ingest-api")));
  const ingestS3 = createIngestS3Handler(
    ingestS3Deps(config, dynamo.db, new FolderObjectSource(bucketDir), quiet("ingest-s3")),
  );
  const localScheduler = createLocalScheduler([TEST_REMINDERS.groupName]);
  const notify = createNotifyHandler(
    notifyDeps({ tableName, topicArn: sns.topicArn, reminders: TEST_REMINDERS }, dynamo.db, sns.client, {
      ...quiet("notify"),
      scheduler: localScheduler.client,
      ...(options.now ? { now: options.now } : {}),
    }),
  );
  const scheduledConfig = { tableName, topicArn: sns.topicArn };
  const digest = createDigestHandler(digestDeps(scheduledConfig, dynamo.db, sns.client, quiet("digest")));
  const remind = createRemindHandler(remindDeps(scheduledConfig, dynamo.db, sns.client, quiet("remind")));
  const dlq: StreamOnFailureMessage[] = [];
  const history: DynamoDBRecord[] = [];
  const mapping = new StreamMappingSimulator(options.wrapNotify ? options.wrapNotify(notify) : notify, {
    ...options.mapping,
    onFailure: async (message) => {
      dlq.push(message);
    },
  });
  const byEndpoint = new Map(subscribers.map((s) => [endpointOf(s.name), s.name]));
  return {
    name: "embedded",
    handlerClients: { db: dynamo.db, sns: sns.client },
    ingestApi,
    ingestS3,
    notify,
    digest,
    remind,
    scheduler: localScheduler.client,
    async pump() {
      const records = stream.take();
      history.push(...records);
      return { ...(await mapping.process("shard-local", records)), records };
    },
    async takeDeliveries() {
      const out: Record<string, { articleId?: string }[]> = Object.fromEntries(
        subscribers.map((s) => [s.name, []]),
      );
      for (const d of sns.takeDeliveries())
        out[byEndpoint.get(d.subscriber.endpoint) ?? d.subscriber.endpoint]?.push(d);
      return out;
    },
    async table() {
      const items = await scanAll(adminDb, tableName);
      return {
        articles: items.filter((i) => i.sk === "ARTICLE"),
        tags: items.filter((i) => String(i.sk).startsWith("TAG#")),
      };
    },
    deadLetters: async () => [...dlq],
    articleIdsOf: async (message) => articleIdsInRange(history, message.DDBStreamBatchInfo),
    async dropObject(key, body) {
      await mkdir(dirname(join(bucketDir, key)), { recursive: true });
      await writeFile(join(bucketDir, key), body);
      return objectCreated("wirewatch-ingest-local", key);
    },
    async stop() {
      adminDb.destroy();
      await dynamo.stop();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Faults, injected through the SDK middleware stack.

/** An SDK client or the DynamoDB document client (lambdas/adapters/dynamo-client.ts): both have these. */
type AnyClient = {
  middlewareStack: {
    add(middleware: never, options: { step?: "initialize"; priority?: "high"; name: string }): unknown;
    addRelativeTo?(
      middleware: never,
      options: { relation: "before"; toMiddleware: string; name: string },
    ): unknown;
    remove(name: string): unknown;
    identify(): string[];
  };
};

export const faults = {
  throttling: () =>
    Object.assign(new Error("Rate exceeded"), {
      name: "ThrottlingException",
      $fault: "client",
      $metadata: { httpStatusCode: 400 },
    }),
  serverError: () =>
    Object.assign(new Error("We encountered an internal error. Please try again."), {
      name: "InternalFailure",
      $fault: "server",
      $metadata: { httpStatusCode: 500 },
    }),
  provisionedThroughput: () =>
    Object.assign(new Error("The level of configured provisioned throughput for the table was exceeded."), {
      name: "ProvisionedThroughputExceededException",
      $fault: "client",
      $metadata: { httpStatusCode: 400 },
    }),
  accessDenied: () =>
    Object.assign(new Error("User is not authorized to perform: dynamodb:PutItem"), {
      name: "AccessDeniedException",
      $fault: "client",
      $metadata: { httpStatusCode: 400 },
    }),
};

export interface FaultSpec {
  /**
   * SDK command names to fault, e.g. "PublishBatchCommand", "PutItemCommand" (the DynamoDB document client,
   * lambdas/adapters/dynamo-client.ts, reports DynamoDB's command names; lists that also name lib-dynamodb's
   * "PutCommand" date from the SDK's document client).
   */
  commands: string[];
  /** How many matching calls to fail (default: every one until cleared). */
  times?: number;
  /** Only calls whose input this accepts. */
  when?: (input: Record<string, unknown>) => boolean;
  error: () => Error;
}

export interface Fault {
  /** Calls of the faulted commands seen so far (failed or not). */
  calls: number;
  injected: number;
  clear(): void;
}

let faultCounter = 0;

/**
 * Fails chosen commands of a client before they reach the network (and before the SDK's own retries, so each
 * injected error is what the handler sees after retrying). On the local alert bus the fault goes in front of
 * the bus's own middleware, which answers SNS calls at the start of the stack.
 */
export function injectFault(client: AnyClient, spec: FaultSpec): Fault {
  const name = `wirewatchFault${++faultCounter}`;
  const fault: Fault = {
    calls: 0,
    injected: 0,
    clear: () => {
      client.middlewareStack.remove(name);
    },
  };
  const middleware = ((next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
    async (args: { input: Record<string, unknown> }) => {
      if (spec.commands.includes(context.commandName ?? "") && (!spec.when || spec.when(args.input))) {
        fault.calls++;
        if (fault.injected < (spec.times ?? Number.POSITIVE_INFINITY)) {
          fault.injected++;
          throw spec.error();
        }
      }
      return next(args);
    }) as never;
  if (
    client.middlewareStack.addRelativeTo &&
    client.middlewareStack.identify().some((m) => m.startsWith("wirewatchLocalSns"))
  )
    client.middlewareStack.addRelativeTo(middleware, {
      relation: "before",
      toMiddleware: "wirewatchLocalSns",
      name,
    });
  else client.middlewareStack.add(middleware, { step: "initialize", priority: "high", name });
  return fault;
}

/**
 * Makes PublishBatch report chosen entries as Failed (the rest are published): SNS's partial failure. The
 * failed entries are not sent on, so nobody receives them.
 */
export function failPublishEntries(
  sns: SNSClient,
  failArticle: (articleId: string) => boolean,
  options: { times?: number; code?: string } = {},
): Fault {
  const name = `wirewatchPartialFault${++faultCounter}`;
  const fault: Fault = { calls: 0, injected: 0, clear: () => void sns.middlewareStack.remove(name) };
  const articleOf = (entry: PublishBatchRequestEntry) => {
    try {
      const outer = JSON.parse(entry.Message ?? "{}") as { default?: string };
      return (JSON.parse(outer.default ?? "{}") as { articleId?: string }).articleId ?? "";
    } catch {
      return "";
    }
  };
  const middleware = ((
    next: (args: unknown) => Promise<{ output: PublishBatchResponse }>,
    context: { commandName?: string },
  ) =>
    async (args: { input: PublishBatchCommandInput }) => {
      if (context.commandName !== "PublishBatchCommand") return next(args);
      fault.calls++;
      const entries = args.input.PublishBatchRequestEntries ?? [];
      const failing =
        fault.injected < (options.times ?? Number.POSITIVE_INFINITY)
          ? entries.filter((e) => failArticle(articleOf(e)))
          : [];
      if (failing.length === 0) return next(args);
      fault.injected++;
      const rest = entries.filter((e) => !failing.includes(e));
      const Failed = failing.map((e) => ({
        Id: e.Id,
        Code: options.code ?? "InternalError",
        Message: "Internal error publishing this entry",
        SenderFault: false,
      }));
      if (rest.length === 0)
        return { output: { Successful: [], Failed, $metadata: { httpStatusCode: 200 } }, response: {} };
      const result = await next({ ...args, input: { ...args.input, PublishBatchRequestEntries: rest } });
      return {
        ...result,
        output: { ...result.output, Failed: [...(result.output.Failed ?? []), ...Failed] },
      };
    }) as never;
  if (sns.middlewareStack.identify().some((m) => m.startsWith("wirewatchLocalSns")))
    sns.middlewareStack.addRelativeTo(middleware, {
      relation: "before",
      toMiddleware: "wirewatchLocalSns",
      name,
    });
  else sns.middlewareStack.add(middleware, { step: "initialize", priority: "high", name });
  return fault;
}
