/**
 * `wirewatch redrive`: puts dead-lettered work back through the functions that gave up on it: stream batches
 * through notify, S3 object events through ingest-s3.
 *
 * When the notify function keeps failing on a stream batch, Lambda discards the batch after its retries and sends
 * an on-failure message to the dead-letter queue. For a DynamoDB stream that message names the batch
 * (`DDBStreamBatchInfo`: stream ARN, shard, first and last sequence number), it does not carry the records. Redrive
 * reads that sequence range back from the stream (which keeps records for 24 hours), applies the notify function's
 * filter, and runs the real notify handler on the records, which skips articles already alerted; so a redrive
 * never sends an alert twice. A message whose batch went through is deleted; one that failed again, or whose
 * records the stream no longer holds, stays in the queue and is reported.
 *
 * The ingest dead-letter queue holds S3 "Object Created" events (the message body is the event itself, whether the
 * ingest queue moved it there after maxReceiveCount receives or EventBridge could not deliver it). Redrive runs
 * the real ingest-s3 logic on each (objects are read from the bucket again; an article already stored is a
 * duplicate and stored once) and deletes the message when every object was ingested or skipped for a reason
 * retrying cannot fix. The alerts for what it stores come from the deployed notify function, off the stream.
 *
 * `--dry-run` reads and classifies every message, and changes nothing: no handler runs, nothing is deleted.
 */
import { parseArgs } from "node:util";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SNSClient } from "@aws-sdk/client-sns";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import type { DynamoDBRecord } from "aws-lambda";
import {
  type ClientOptions,
  createDynamoClient,
  createS3Client,
  createSnsClient,
} from "../../lambdas/adapters/clients.ts";
import type { DocumentClient } from "../../lambdas/adapters/dynamo-client.ts";
import { createTelemetry } from "../../lambdas/adapters/telemetry.ts";
import { ingestS3Deps, notifyDeps } from "../../lambdas/composition.ts";
import { DEFAULT_LIMITS } from "../../lambdas/config.ts";
import { createIngestS3Handler, eventInMessage, objectsOf } from "../../lambdas/ingest-s3/app.ts";
import { createNotifyHandler } from "../../lambdas/notify/app.ts";
import { NOTIFY_STREAM_FILTER } from "../../lambdas/notify/stream-filter.ts";
import { CliError } from "../cli-error.ts";
import { clientOptionsFor, DynamoStreamReader, readStackOutputs } from "../local/deployed-backend.ts";
import { matchesEventPattern } from "../local/local-stream.ts";

const HELP = `usage: wirewatch redrive [options]

Moves dead-lettered work back for processing. Notify's dead-letter queue holds on-failure messages: redrive
re-reads the stream records each names and runs the notify logic on them (articles already alerted are skipped,
so nobody gets an alert twice). The ingest dead-letter queue holds S3 object events: redrive runs the ingest-s3
logic on each (an article already stored is stored once). It deletes the messages it handled and says how many.

options:
  --stack NAME          read the queues, table and topic from the stack's outputs (both dead-letter queues)
  --endpoint URL        AWS endpoint (e.g. a local moto server at http://localhost:5000)
  --queue-url URL       one dead-letter queue only (notify's or ingest's; each message is recognised by its body)
  --ingest              with --stack: the ingest dead-letter queue only (IngestDeadLetterQueueUrl)
  --notify              with --stack: notify's dead-letter queue only (DeadLetterQueueUrl)
  --table NAME          the articles table (default: the stack's ArticlesTableName)
  --topic-arn ARN       the alerts topic (default: the stack's AlertsTopicArn)
  --max N               handle at most N messages (default: all)
  --dry-run             show what the messages name, change nothing
  --json                print the report as JSON
  --logs                print the notify handler's structured logs (stderr)`;

export interface RedriveTarget {
  queueUrl: string;
  tableName: string;
  topicArn: string;
}

export interface RedrivenMessage {
  messageId: string;
  outcome: "redriven" | "failed-again" | "records-gone" | "unrecognised" | "dry-run";
  /** What the message holds: a stream batch for notify, or an S3 object event for ingest-s3. */
  kind?: "stream-batch" | "s3-event";
  /** The objects an S3 event names, as s3://bucket/key. */
  objects?: string[];
  shardId?: string;
  sequenceRange?: [string, string];
  /** The articles whose INSERT records the batch held. */
  articleIds: string[];
  detail?: string;
}

export interface RedriveReport {
  messages: RedrivenMessage[];
  /** Messages handled and deleted from the queue. */
  redriven: number;
  /** Messages left in the queue. */
  kept: number;
  records: number;
  alertsPublished: number;
  /** Articles the redriven S3 events stored (not counting duplicates). */
  articlesStored: number;
}

interface BatchInfo {
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  streamArn: string;
}

function batchInfoOf(body: string | undefined): BatchInfo | undefined {
  try {
    const info = (JSON.parse(body ?? "") as { DDBStreamBatchInfo?: Partial<BatchInfo> }).DDBStreamBatchInfo;
    if (info?.shardId && info.startSequenceNumber && info.endSequenceNumber && info.streamArn)
      return info as BatchInfo;
  } catch {
    // not JSON
  }
  return undefined;
}

const articleIdOf = (r: DynamoDBRecord) => r.dynamodb?.NewImage?.id?.S;

export interface RedriveOptions {
  clientOptions: ClientOptions;
  target: RedriveTarget;
  max?: number;
  dryRun?: boolean;
  logs?: boolean;
  /** Clients to use instead of new ones (tests inject faults into these). */
  clients?: {
    db?: DocumentClient;
    sns?: SNSClient;
    sqs?: SQSClient;
    streams?: DynamoDBStreamsClient;
    s3?: S3Client;
  };
}

/** Redrives the dead-letter queue's messages; see the module comment. */
export async function redriveDeadLetters(options: RedriveOptions): Promise<RedriveReport> {
  const { clientOptions, target } = options;
  const sns = options.clients?.sns ?? createSnsClient(clientOptions);
  // The document client takes its region from the options or the environment; the SDK's resolves a profile's.
  const db =
    options.clients?.db ??
    createDynamoClient({ ...clientOptions, region: clientOptions.region ?? (await sns.config.region()) });
  const sqs = options.clients?.sqs ?? new SQSClient(clientOptions);
  const streams = options.clients?.streams ?? new DynamoDBStreamsClient(clientOptions);
  const deps = notifyDeps({ tableName: target.tableName, topicArn: target.topicArn }, db, sns, {
    telemetry: createTelemetry("notify-redrive", { silent: !options.logs }),
  });
  const s3 = options.clients?.s3 ?? createS3Client(clientOptions);
  const report: RedriveReport = {
    messages: [],
    redriven: 0,
    kept: 0,
    records: 0,
    alertsPublished: 0,
    articlesStored: 0,
  };
  const ingestS3 = createIngestS3Handler(
    ingestS3Deps({ tableName: target.tableName, limits: DEFAULT_LIMITS }, db, s3, {
      telemetry: createTelemetry("ingest-s3-redrive", { silent: !options.logs }),
    }),
  );
  const publisher = deps.publisher;
  const notify = createNotifyHandler({
    ...deps,
    publisher: {
      publish: async (alerts) => {
        const result = await publisher.publish(alerts);
        report.alertsPublished += result.published.length;
        return result;
      },
    },
  });
  const seen = new Set<string>();
  /** Receipt handles of the messages left in the queue: visible again when the run ends. */
  const kept: string[] = [];
  const max = options.max ?? Number.POSITIVE_INFINITY;
  try {
    while (report.messages.length < max) {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: target.queueUrl,
          MaxNumberOfMessages: Math.min(10, max - report.messages.length),
          WaitTimeSeconds: 0,
          // Long enough to redrive the batch; a message kept becomes visible again afterwards.
          VisibilityTimeout: 60,
        }),
      );
      const messages = (out.Messages ?? []).filter((m) => !seen.has(m.MessageId ?? ""));
      if (messages.length === 0) break;
      for (const message of messages) {
        seen.add(message.MessageId ?? "");
        kept.push(message.ReceiptHandle ?? "");
        const entry: RedrivenMessage = {
          messageId: message.MessageId ?? "",
          outcome: "unrecognised",
          articleIds: [],
        };
        report.messages.push(entry);
        const info = batchInfoOf(message.Body);
        const s3Event = info ? undefined : eventInMessage(message.Body ?? "");
        if (s3Event && s3Event !== "s3-test-event") {
          entry.kind = "s3-event";
          entry.objects = objectsOf(s3Event).map((o) => `s3://${o.bucket}/${o.key}`);
          if (options.dryRun) {
            entry.outcome = "dry-run";
            report.kept++;
            continue;
          }
          try {
            const { objects } = await ingestS3(s3Event);
            for (const o of objects) {
              for (const r of o.results ?? [])
                if ("id" in r && r.outcome === "created") report.articlesStored++;
              entry.articleIds.push(...(o.results ?? []).flatMap((r) => ("id" in r ? [r.id] : [])));
            }
            const skipped = objects.filter((o) => o.skipped).map((o) => `${o.key}: ${o.skipped}`);
            if (skipped.length) entry.detail = `skipped ${skipped.join("; ")}`;
          } catch (error) {
            entry.outcome = "failed-again";
            entry.detail = `${(error as Error).name}: ${(error as Error).message}`;
            report.kept++;
            continue;
          }
          await sqs.send(
            new DeleteMessageCommand({ QueueUrl: target.queueUrl, ReceiptHandle: message.ReceiptHandle }),
          );
          kept.pop();
          entry.outcome = "redriven";
          report.redriven++;
          continue;
        }
        if (!info) {
          entry.detail =
            "neither a DynamoDB stream on-failure message (DDBStreamBatchInfo) nor an S3 object event";
          report.kept++;
          continue;
        }
        entry.kind = "stream-batch";
        entry.shardId = info.shardId;
        entry.sequenceRange = [info.startSequenceNumber, info.endSequenceNumber];
        let records: DynamoDBRecord[];
        try {
          records = await new DynamoStreamReader(streams, info.streamArn).readRange(
            info.shardId,
            info.startSequenceNumber,
            info.endSequenceNumber,
          );
        } catch (error) {
          records = [];
          entry.detail = `cannot read the stream: ${(error as Error).name}: ${(error as Error).message}`;
        }
        if (records.length === 0) {
          entry.outcome = "records-gone";
          entry.detail ??= "the stream no longer holds these records (streams keep them for 24 hours)";
          report.kept++;
          continue;
        }
        const forNotify = records.filter((r) => matchesEventPattern(NOTIFY_STREAM_FILTER, r));
        entry.articleIds = forNotify.flatMap((r) => articleIdOf(r) ?? []);
        report.records += forNotify.length;
        if (options.dryRun) {
          entry.outcome = "dry-run";
          report.kept++;
          continue;
        }
        const response = await notify({ Records: forNotify });
        if (response.batchItemFailures.length > 0) {
          entry.outcome = "failed-again";
          entry.detail = `${response.batchItemFailures.length} record(s) failed again`;
          report.kept++;
          continue;
        }
        await sqs.send(
          new DeleteMessageCommand({ QueueUrl: target.queueUrl, ReceiptHandle: message.ReceiptHandle }),
        );
        kept.pop();
        entry.outcome = "redriven";
        report.redriven++;
      }
    }
    // Messages left in the queue become visible at once, so a later run (or the next fix) can take them.
    for (const handle of kept)
      await sqs
        .send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: target.queueUrl,
            ReceiptHandle: handle,
            VisibilityTimeout: 0,
          }),
        )
        .catch(() => undefined);
  } finally {
    if (!options.clients?.db) db.destroy();
    if (!options.clients?.sns) sns.destroy();
    if (!options.clients?.sqs) sqs.destroy();
    if (!options.clients?.streams) streams.destroy();
    if (!options.clients?.s3) s3.destroy();
  }
  return report;
}

/** Adds one queue's report to another's (the --stack run covers both dead-letter queues). */
function mergeReports(a: RedriveReport, b: RedriveReport): RedriveReport {
  return {
    messages: [...a.messages, ...b.messages],
    redriven: a.redriven + b.redriven,
    kept: a.kept + b.kept,
    records: a.records + b.records,
    alertsPublished: a.alertsPublished + b.alertsPublished,
    articlesStored: a.articlesStored + b.articlesStored,
  };
}

export async function redrive(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      stack: { type: "string" },
      endpoint: { type: "string" },
      "queue-url": { type: "string" },
      ingest: { type: "boolean", default: false },
      notify: { type: "boolean", default: false },
      table: { type: "string" },
      "topic-arn": { type: "string" },
      max: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      logs: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if ((values.ingest || values.notify) && values["queue-url"])
    throw new CliError("--ingest and --notify choose among the stack's queues; drop them with --queue-url");
  const clientOptions = clientOptionsFor(values.endpoint ?? process.env.AWS_ENDPOINT_URL);
  const outputs = values.stack ? await readStackOutputs(values.stack, clientOptions) : undefined;
  const both = !values.ingest && !values.notify;
  const queueUrls = values["queue-url"]
    ? [values["queue-url"]]
    : [
        ...(both || values.notify ? [outputs?.DeadLetterQueueUrl] : []),
        ...(both || values.ingest ? [outputs?.IngestDeadLetterQueueUrl] : []),
      ].filter((u): u is string => Boolean(u));
  const tableName = values.table ?? outputs?.ArticlesTableName;
  // The topic is needed only to redrive stream batches; the ingest queue alone does without it.
  const topicArn = values["topic-arn"] ?? outputs?.AlertsTopicArn ?? (values.ingest ? "" : undefined);
  const missing = [
    queueUrls.length === 0 && "--queue-url",
    !tableName && "--table",
    topicArn === undefined && "--topic-arn",
  ].filter(Boolean);
  if (missing.length)
    throw new CliError(`name the stack (--stack NAME) or give ${missing.join(", ")}\n\n${HELP}`);
  let max: number | undefined;
  if (values.max !== undefined) {
    max = Number(values.max);
    if (!Number.isInteger(max) || max <= 0)
      throw new CliError(`--max must be a positive integer, got "${values.max}"`);
  }
  const dryRun = values["dry-run"];
  let report: RedriveReport | undefined;
  for (const queueUrl of queueUrls) {
    const left = max === undefined ? undefined : max - (report?.messages.length ?? 0);
    if (left !== undefined && left <= 0) break;
    const one = await redriveDeadLetters({
      clientOptions,
      target: { queueUrl, tableName, topicArn } as RedriveTarget,
      ...(left ? { max: left } : {}),
      dryRun,
      logs: values.logs,
    });
    report = report ? mergeReports(report, one) : one;
  }
  const done = report as RedriveReport;
  if (values.json) {
    process.stdout.write(`${JSON.stringify(done)}\n`);
  } else {
    for (const m of done.messages) {
      const range = m.sequenceRange ? ` shard ${m.shardId} ${m.sequenceRange[0]}..${m.sequenceRange[1]}` : "";
      const objects = m.objects?.length ? ` objects ${m.objects.join(", ")}` : "";
      const ids = m.articleIds.length ? ` articles ${m.articleIds.join(", ")}` : "";
      process.stdout.write(
        `${m.outcome.padEnd(12)} ${m.messageId}${range}${objects}${ids}${m.detail ? ` (${m.detail})` : ""}\n`,
      );
    }
    const verb = dryRun ? "would redrive" : "redrove";
    const count = dryRun ? done.messages.filter((m) => m.outcome === "dry-run").length : done.redriven;
    process.stdout.write(
      `${verb} ${count} of ${done.messages.length} dead-lettered batch(es) (${done.records} record(s), ${done.alertsPublished} alert(s) published); ${done.kept} left in the queue; ${done.articlesStored} article(s) stored from S3 events\n`,
    );
  }
  return done.kept > 0 && !dryRun ? 1 : 0;
}
