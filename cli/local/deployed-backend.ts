/**
 * The replay backend for a deployed stack (on AWS, or on a local moto server standing in for it): the three real
 * handlers run in this process, wired through composition.ts to the stack's table, topic and bucket, which it reads
 * from the stack's outputs. Like Lambda's event source mapping, it reads the table's DynamoDB stream and hands the
 * records to the notify handler; alerts are collected from an SQS inbox of its own subscribed to the alerts topic
 * (moto delivers to SQS, not to email or SMS), removed again on stop().
 *
 * The stream reader and the inbox are exported for the moto test tier and `wirewatch redrive`.
 */
import { randomUUID } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from "@aws-sdk/client-dynamodb-streams";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { type SNSClient, SubscribeCommand, UnsubscribeCommand } from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import type { APIGatewayProxyEvent, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import {
  type ClientOptions,
  createDynamoClient,
  createS3Client,
  createSnsClient,
  localClientOptions,
} from "../../lambdas/adapters/clients.ts";
import type { DocumentClient } from "../../lambdas/adapters/dynamo-client.ts";
import { createTelemetry } from "../../lambdas/adapters/telemetry.ts";
import {
  digestDeps,
  ingestApiDeps,
  ingestS3Deps,
  notifyDeps,
  pollFeedsDeps,
  remindDeps,
} from "../../lambdas/composition.ts";
import {
  DEFAULT_FEED_CONCURRENCY,
  DEFAULT_LIMITS,
  DEFAULT_MAX_FEED_BYTES,
  type IngestLimits,
} from "../../lambdas/config.ts";
import type { FilterPolicy } from "../../lambdas/core/alerts/filter-policy.ts";
import { createDigestHandler } from "../../lambdas/digest/app.ts";
import { createIngestApiHandler } from "../../lambdas/ingest-api/app.ts";
import { createIngestS3Handler, isSqsEvent, s3EventSchema } from "../../lambdas/ingest-s3/app.ts";
import { createNotifyHandler } from "../../lambdas/notify/app.ts";
import { createPollFeedsHandler } from "../../lambdas/poll-feeds/app.ts";
import { createRemindHandler } from "../../lambdas/remind/app.ts";
import { CliError } from "../cli-error.ts";
import { LocalStream } from "./local-stream.ts";
import { startLocalWeb } from "./local-web.ts";
import type { Delivery, ReplayBackend } from "./replay-runner.ts";

/** The outputs of the Wirewatch stack that the local tools use. */
export interface StackOutputs {
  ApiEndpoint?: string;
  IngestBucketName: string;
  AlertsTopicArn: string;
  ArticlesTableName: string;
  DeadLetterQueueUrl?: string;
  [key: string]: string | undefined;
}

/** Client options for an endpoint (moto: test credentials, us-east-1) or for the default AWS chain. */
export function clientOptionsFor(endpoint: string | undefined): ClientOptions {
  return endpoint ? localClientOptions(endpoint) : {};
}

/** Reads a stack's outputs, failing with a message that names the stack or the missing output. */
export async function readStackOutputs(stack: string, options: ClientOptions = {}): Promise<StackOutputs> {
  const cfn = new CloudFormationClient(options);
  try {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: stack })).catch((error: Error) => {
      throw new CliError(`cannot describe stack ${stack}: ${error.message}`);
    });
    const outputs: Record<string, string> = {};
    for (const o of out.Stacks?.[0]?.Outputs ?? [])
      if (o.OutputKey && o.OutputValue !== undefined) outputs[o.OutputKey] = o.OutputValue;
    for (const key of ["IngestBucketName", "AlertsTopicArn", "ArticlesTableName"])
      if (!outputs[key])
        throw new CliError(
          `stack ${stack} has no output ${key} (outputs: ${Object.keys(outputs).join(", ") || "none"})`,
        );
    return outputs as StackOutputs;
  } finally {
    cfn.destroy();
  }
}

/** A stream record from the DynamoDB Streams API in the shape Lambda hands to a function. */
export function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  const created = d.ApproximateCreationDateTime;
  return {
    ...(record.eventID ? { eventID: record.eventID } : {}),
    ...(record.eventName ? { eventName: record.eventName } : {}),
    eventVersion: record.eventVersion ?? "1.1",
    eventSource: record.eventSource ?? "aws:dynamodb",
    ...(record.awsRegion ? { awsRegion: record.awsRegion } : {}),
    dynamodb: {
      ...(d as Record<string, unknown>),
      ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
    } as DynamoDBRecord["dynamodb"],
    eventSourceARN: streamArn,
  };
}

export interface ShardRecords {
  shardId: string;
  records: DynamoDBRecord[];
}

const compareSequence = (a: string, b: string) => {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * Reads a table's DynamoDB stream as Lambda's event source mapping does: every shard, in order, from where the
 * last read stopped. Starts at the records written after `start()` (LATEST) or at the oldest kept (TRIM_HORIZON).
 */
export class DynamoStreamReader {
  private readonly iterators = new Map<string, string | null>();

  constructor(
    private readonly streams: DynamoDBStreamsClient,
    readonly streamArn: string,
  ) {}

  /** The reader for a table's latest stream; throws when the table has no stream. */
  static async forTable(
    options: ClientOptions,
    tableName: string,
    streams = new DynamoDBStreamsClient(options),
  ): Promise<DynamoStreamReader> {
    const ddb = new DynamoDBClient(options);
    try {
      const table = await ddb.send(new DescribeTableCommand({ TableName: tableName }));
      const arn = table.Table?.LatestStreamArn;
      if (!arn) throw new CliError(`table ${tableName} has no stream`);
      return new DynamoStreamReader(streams, arn);
    } finally {
      ddb.destroy();
    }
  }

  private async shardIds(): Promise<string[]> {
    const ids: string[] = [];
    let start: string | undefined;
    do {
      const out = await this.streams.send(
        new DescribeStreamCommand({
          StreamArn: this.streamArn,
          ...(start ? { ExclusiveStartShardId: start } : {}),
        }),
      );
      for (const shard of out.StreamDescription?.Shards ?? []) if (shard.ShardId) ids.push(shard.ShardId);
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return ids;
  }

  /** Skips what the stream holds now: later take() calls return only records written after this call. */
  async start(position: "LATEST" | "TRIM_HORIZON" = "LATEST"): Promise<this> {
    for (const shardId of await this.shardIds()) {
      const out = await this.streams.send(
        new GetShardIteratorCommand({
          StreamArn: this.streamArn,
          ShardId: shardId,
          ShardIteratorType: position,
        }),
      );
      this.iterators.set(shardId, out.ShardIterator ?? null);
    }
    return this;
  }

  /** The records written since the last call, per shard, in sequence order. */
  async takeByShard(): Promise<ShardRecords[]> {
    const result: ShardRecords[] = [];
    for (const shardId of await this.shardIds()) {
      if (!this.iterators.has(shardId)) {
        const out = await this.streams.send(
          new GetShardIteratorCommand({
            StreamArn: this.streamArn,
            ShardId: shardId,
            ShardIteratorType: "TRIM_HORIZON",
          }),
        );
        this.iterators.set(shardId, out.ShardIterator ?? null);
      }
      const records: DynamoDBRecord[] = [];
      for (let page = 0; page < 1000; page++) {
        const iterator = this.iterators.get(shardId);
        if (!iterator) break;
        const out = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        this.iterators.set(shardId, out.NextShardIterator ?? null);
        const got = out.Records ?? [];
        records.push(...got.map((r) => toLambdaRecord(r, this.streamArn)));
        if (got.length === 0) break;
      }
      if (records.length > 0) result.push({ shardId, records });
    }
    return result;
  }

  async take(): Promise<DynamoDBRecord[]> {
    return (await this.takeByShard()).flatMap((s) => s.records);
  }

  /**
   * The records of one shard from `start` to `end` (sequence numbers, inclusive): what a dead-lettered batch held,
   * as long as the stream still keeps them (24 hours on DynamoDB).
   */
  async readRange(shardId: string, start: string, end: string): Promise<DynamoDBRecord[]> {
    const first = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.streamArn,
        ShardId: shardId,
        ShardIteratorType: "AT_SEQUENCE_NUMBER",
        SequenceNumber: start,
      }),
    );
    const records: DynamoDBRecord[] = [];
    let iterator = first.ShardIterator;
    for (let page = 0; iterator && page < 1000; page++) {
      const out = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      const got = out.Records ?? [];
      for (const r of got) {
        const seq = r.dynamodb?.SequenceNumber;
        if (!seq || compareSequence(seq, start) < 0) continue;
        if (compareSequence(seq, end) > 0) return records;
        records.push(toLambdaRecord(r, this.streamArn));
      }
      if (got.length === 0) break;
      iterator = out.NextShardIterator;
    }
    return records;
  }
}

/** The parts of an SNS notification envelope (as SNS delivers to SQS without raw delivery) that we read. */
interface SnsEnvelope {
  Message?: string;
  Subject?: string;
  MessageId?: string;
  MessageAttributes?: Record<string, { Type?: string; Value?: string }>;
}

/** A delivery read from an SQS inbox, with the SNS message id (to count duplicates). */
export interface InboxDelivery extends Delivery {
  messageId?: string;
}

export function deliveryFromEnvelope(body: string, subscriber: Delivery["subscriber"]): InboxDelivery {
  const envelope = JSON.parse(body) as SnsEnvelope;
  const message = envelope.Message ?? "";
  let articleId: string | undefined;
  try {
    const parsed = JSON.parse(message) as { articleId?: unknown };
    if (typeof parsed.articleId === "string") articleId = parsed.articleId;
  } catch {
    // not a structured alert body
  }
  let topics: string[] = [];
  const raw = envelope.MessageAttributes?.topics?.Value;
  if (raw) {
    try {
      const parsed: unknown = JSON.parse(raw);
      topics = Array.isArray(parsed) ? parsed.map(String) : [raw];
    } catch {
      topics = [raw];
    }
  }
  const kind = envelope.MessageAttributes?.kind?.Value;
  const digest = envelope.MessageAttributes?.digest?.Value;
  return {
    ...(articleId ? { articleId } : {}),
    ...(kind ? { kind } : {}),
    ...(digest ? { digest } : {}),
    topics,
    subscriber,
    ...(envelope.Subject ? { subject: envelope.Subject } : {}),
    body: message,
    ...(envelope.MessageId ? { messageId: envelope.MessageId } : {}),
  };
}

/**
 * An SQS queue subscribed to the alerts topic (optionally with a filter policy): a subscriber we can read.
 * SNS wraps each alert in its notification envelope, whose message attributes carry the alert's topics.
 */
export class SqsInbox {
  private constructor(
    private readonly sqs: SQSClient,
    private readonly sns: SNSClient,
    readonly queueUrl: string,
    readonly queueArn: string,
    readonly subscriptionArn: string,
    readonly subscriber: Delivery["subscriber"],
  ) {}

  static async create(
    sqs: SQSClient,
    sns: SNSClient,
    topicArn: string,
    options: { name?: string; filterPolicy?: FilterPolicy; subscriber?: Delivery["subscriber"] } = {},
  ): Promise<SqsInbox> {
    const name = options.name ?? `wirewatch-inbox-${randomUUID().slice(0, 8)}`;
    const created = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    const queueUrl = created.QueueUrl as string;
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }),
    );
    const queueArn = attributes.Attributes?.QueueArn as string;
    // On AWS the queue also needs a policy letting the topic send to it; moto does not check policies.
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: queueUrl,
        Attributes: {
          Policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { Service: "sns.amazonaws.com" },
                Action: "sqs:SendMessage",
                Resource: queueArn,
                Condition: { ArnEquals: { "aws:SourceArn": topicArn } },
              },
            ],
          }),
        },
      }),
    );
    const subscribed = await sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: "sqs",
        Endpoint: queueArn,
        ReturnSubscriptionArn: true,
        ...(options.filterPolicy
          ? {
              Attributes: {
                FilterPolicy: JSON.stringify(options.filterPolicy),
                FilterPolicyScope: "MessageAttributes",
              },
            }
          : {}),
      }),
    );
    return new SqsInbox(
      sqs,
      sns,
      queueUrl,
      queueArn,
      subscribed.SubscriptionArn as string,
      options.subscriber ?? { endpoint: queueArn, protocol: "sqs" },
    );
  }

  /** The deliveries waiting in the queue, removed from it. `waitSeconds` long-polls for the first one. */
  async take(waitSeconds = 0): Promise<InboxDelivery[]> {
    const deliveries: InboxDelivery[] = [];
    for (let round = 0; round < 100; round++) {
      const out = await this.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: round === 0 ? waitSeconds : 0,
          VisibilityTimeout: 30,
        }),
      );
      const messages = out.Messages ?? [];
      if (messages.length === 0) break;
      for (const m of messages) deliveries.push(deliveryFromEnvelope(m.Body ?? "{}", this.subscriber));
      await this.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle as string })),
        }),
      );
    }
    return deliveries;
  }

  async destroy(): Promise<void> {
    await this.sns
      .send(new UnsubscribeCommand({ SubscriptionArn: this.subscriptionArn }))
      .catch(() => undefined);
    await this.sqs.send(new DeleteQueueCommand({ QueueUrl: this.queueUrl })).catch(() => undefined);
  }
}

/** Local objects to upload before an S3 event is replayed: keys are paths under `bucketDir`. */
async function localObject(bucketDir: string, key: string): Promise<Buffer | undefined> {
  const root = resolve(bucketDir);
  const path = resolve(join(root, key));
  if (!path.startsWith(root + sep)) return undefined;
  const info = await stat(path).catch(() => undefined);
  return info?.isFile() ? readFile(path) : undefined;
}

/**
 * Points an S3 event at the deployed bucket, so sample events name the bucket they are replayed into. An ingest
 * queue batch (SQS messages each holding an S3 event) is retargeted message by message.
 */
function retargetS3Event(event: unknown, bucket: string): { event: unknown; keys: string[] } {
  if (isSqsEvent(event)) {
    const keys: string[] = [];
    const Records = event.Records.map((record) => {
      let inner: unknown;
      try {
        inner = JSON.parse(record.body);
      } catch {
        return record;
      }
      const retargeted = retargetS3Event(inner, bucket);
      keys.push(...retargeted.keys);
      return { ...record, body: JSON.stringify(retargeted.event) };
    });
    return { event: { ...event, Records }, keys };
  }
  const parsed = s3EventSchema.safeParse(event);
  if (!parsed.success) return { event, keys: [] };
  const copy = structuredClone(event) as Record<string, unknown>;
  if ("detail" in parsed.data) {
    const detail = copy.detail as { bucket: { name: string }; object: { key: string } };
    detail.bucket.name = bucket;
    return { event: copy, keys: [detail.object.key] };
  }
  const records = copy.Records as { s3: { bucket: { name: string }; object: { key: string } } }[];
  for (const r of records) r.s3.bucket.name = bucket;
  return {
    event: copy,
    keys: records.map((r) => decodeURIComponent(r.s3.object.key.replace(/\+/g, " "))),
  };
}

/** A request to moto's REST APIs that SDK clients are not installed for; moto reads only the credential scope. */
async function motoRestGet(endpoint: string, service: string, path: string): Promise<unknown> {
  const response = await fetch(`${endpoint}${path}`, {
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`GET ${path} on ${endpoint}: HTTP ${response.status}`);
  return response.json();
}

/** The Lambda event source mappings moto holds for a stream (moto's Lambda API, read without an SDK client). */
export async function motoStreamMappings(endpoint: string, streamArn: string): Promise<unknown[]> {
  const body = (await motoRestGet(endpoint, "lambda", "/2015-03-31/event-source-mappings/")) as {
    EventSourceMappings?: { EventSourceArn?: string }[];
  };
  return (body.EventSourceMappings ?? []).filter((m) => m.EventSourceArn === streamArn);
}

export { motoRestGet };

export interface DeployedOptions {
  stack: string;
  /** AWS endpoint (e.g. http://localhost:5000 for moto); the default AWS endpoints when absent. */
  endpoint?: string;
  /** Folder holding the objects that sample S3 events name (default events/bucket); uploaded before replay. */
  bucketDir?: string;
  limits?: IngestLimits;
  logs?: boolean;
  /**
   * Where stream records come from. "stream": the table's DynamoDB stream. "writes": the writes the in-process
   * handlers make, as the embedded backend records them. "auto" (default): the stream, except on moto when a Lambda
   * event source mapping is attached to it: moto 5.2.1 then hands every record to its Lambda invoker (which cannot
   * run without Docker) and drops it from the shard, so the stream reads empty.
   */
  streamSource?: "stream" | "writes" | "auto";
}

export type DeployedBackend = ReplayBackend & {
  outputs: StackOutputs;
  db: DocumentClient;
  s3: S3Client;
  inbox: SqsInbox;
  stream: DynamoStreamReader;
  streamSource: "stream" | "writes";
};

export async function startDeployedBackend(options: DeployedOptions): Promise<DeployedBackend> {
  const clientOptions = clientOptionsFor(options.endpoint);
  const outputs = await readStackOutputs(options.stack, clientOptions);
  const sns = createSnsClient(clientOptions);
  // The document client takes its region from the options or the environment; the SDK's resolves a profile's.
  const db = createDynamoClient({
    ...clientOptions,
    region: clientOptions.region ?? (await sns.config.region()),
  });
  const s3 = createS3Client(clientOptions);
  const sqs = new SQSClient(clientOptions);
  const streams = new DynamoDBStreamsClient(clientOptions);
  const stream = await (
    await DynamoStreamReader.forTable(clientOptions, outputs.ArticlesTableName, streams)
  ).start("LATEST");
  let streamSource = options.streamSource ?? "auto";
  if (streamSource === "auto")
    streamSource =
      options.endpoint &&
      (await motoStreamMappings(options.endpoint, stream.streamArn).catch(() => [])).length
        ? "writes"
        : "stream";
  const writes =
    streamSource === "writes" ? new LocalStream(outputs.ArticlesTableName).attach(db) : undefined;
  const inbox = await SqsInbox.create(sqs, sns, outputs.AlertsTopicArn, {
    name: `wirewatch-replay-inbox-${randomUUID().slice(0, 8)}`,
  });
  const silent = !options.logs;
  const config = { tableName: outputs.ArticlesTableName, limits: options.limits ?? DEFAULT_LIMITS };
  const wiring = (service: string) => ({ telemetry: createTelemetry(service, { silent }) });
  const ingestApi = createIngestApiHandler(ingestApiDeps(config, db, wiring("ingest-api")));
  const ingestS3 = createIngestS3Handler(ingestS3Deps(config, db, s3, wiring("ingest-s3")));
  const notify = createNotifyHandler(
    notifyDeps(
      { tableName: outputs.ArticlesTableName, topicArn: outputs.AlertsTopicArn },
      db,
      sns,
      wiring("notify"),
    ),
  );
  const scheduledConfig = { tableName: outputs.ArticlesTableName, topicArn: outputs.AlertsTopicArn };
  const digest = createDigestHandler(digestDeps(scheduledConfig, db, sns, wiring("digest")));
  const remind = createRemindHandler(remindDeps(scheduledConfig, db, sns, wiring("remind")));
  const bucketDir = options.bucketDir ?? "events/bucket";
  // The poller runs here, in this process, on the stack's table: the feeds are the stack's (`wirewatch feeds add
  // --stack`), and the sample sites of events/web are reachable on loopback, as in the embedded replay.
  const web = await startLocalWeb(resolve("events/web"));
  const pollFeeds = createPollFeedsHandler(
    pollFeedsDeps(
      { ...config, maxFeedBytes: DEFAULT_MAX_FEED_BYTES, concurrency: DEFAULT_FEED_CONCURRENCY },
      db,
      { ...wiring("poll-feeds"), fetcher: { allowLoopback: true, hosts: web.hosts } },
    ),
  );
  return {
    description: `stack ${options.stack}${options.endpoint ? ` at ${options.endpoint}` : ""} (table ${outputs.ArticlesTableName}, topic ${outputs.AlertsTopicArn}; handlers in process; stream records from ${streamSource === "stream" ? "the table's stream" : "the handlers' writes (moto drops the stream records of a table with a Lambda mapping)"}; alerts read from SQS inbox ${inbox.queueArn})`,
    outputs,
    streamSource,
    db,
    s3,
    inbox,
    stream,
    ingestApi: (event: APIGatewayProxyEvent) => ingestApi(event),
    ingestS3: async (event: unknown) => {
      const retargeted = retargetS3Event(event, outputs.IngestBucketName);
      for (const key of retargeted.keys) {
        const body = await localObject(bucketDir, key);
        if (body)
          await s3.send(new PutObjectCommand({ Bucket: outputs.IngestBucketName, Key: key, Body: body }));
      }
      return ingestS3(retargeted.event);
    },
    notify: (event: DynamoDBStreamEvent) => notify(event),
    pollFeeds: (event: unknown) => pollFeeds(event),
    digest: (event: unknown) => digest(event),
    remind: (event: unknown) => remind(event),
    takeStreamRecords: async () => (writes ? writes.take() : stream.take()),
    takeDeliveries: () => inbox.take(options.endpoint ? 0 : 2),
    stop: async () => {
      await web.stop();
      await inbox.destroy();
      for (const client of [db, sns, s3, sqs, streams]) client.destroy();
    },
  };
}
