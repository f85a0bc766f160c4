/**
 * `wirewatch redrive`: puts dead-lettered stream batches back through the notify logic.
 *
 * When the notify function keeps failing on a stream batch, Lambda discards the batch after its retries and sends
 * an on-failure message to the dead-letter queue. For a DynamoDB stream that message names the batch
 * (`DDBStreamBatchInfo`: stream ARN, shard, first and last sequence number), it does not carry the records. Redrive
 * reads that sequence range back from the stream (which keeps records for 24 hours), applies the notify function's
 * filter, and runs the real notify handler on the records, which skips articles already alerted; so a redrive
 * never sends an alert twice. A message whose batch went through is deleted; one that failed again, or whose
 * records the stream no longer holds, stays in the queue and is reported.
 */
import { parseArgs } from "node:util";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import type { SNSClient } from "@aws-sdk/client-sns";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import { type ClientOptions, createDynamoClient, createSnsClient } from "../../lambdas/adapters/clients.ts";
import { createTelemetry } from "../../lambdas/adapters/telemetry.ts";
import { notifyDeps } from "../../lambdas/composition.ts";
import { createNotifyHandler } from "../../lambdas/notify/app.ts";
import { NOTIFY_STREAM_FILTER } from "../../lambdas/notify/stream-filter.ts";
import { CliError } from "../cli-error.ts";
import { clientOptionsFor, DynamoStreamReader, readStackOutputs } from "../local/deployed-backend.ts";
import { matchesEventPattern } from "../local/local-stream.ts";

const HELP = `usage: wirewatch redrive [options]

Moves dead-lettered notify batches back for processing: reads each on-failure message in the dead-letter queue,
re-reads the stream records it names, runs the notify logic on them (articles already alerted are skipped, so
nobody gets an alert twice), deletes the messages it handled and says how many.

options:
  --stack NAME          read the queue, table and topic from the stack's outputs
  --endpoint URL        AWS endpoint (e.g. a local moto server at http://localhost:5000)
  --queue-url URL       the dead-letter queue (default: the stack's DeadLetterQueueUrl)
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
    db?: DynamoDBDocumentClient;
    sns?: SNSClient;
    sqs?: SQSClient;
    streams?: DynamoDBStreamsClient;
  };
}

/** Redrives the dead-letter queue's messages; see the module comment. */
export async function redriveDeadLetters(options: RedriveOptions): Promise<RedriveReport> {
  const { clientOptions, target } = options;
  const db = options.clients?.db ?? createDynamoClient(clientOptions);
  const sns = options.clients?.sns ?? createSnsClient(clientOptions);
  const sqs = options.clients?.sqs ?? new SQSClient(clientOptions);
  const streams = options.clients?.streams ?? new DynamoDBStreamsClient(clientOptions);
  const deps = notifyDeps({ tableName: target.tableName, topicArn: target.topicArn }, db, sns, {
    telemetry: createTelemetry("notify-redrive", { silent: !options.logs }),
  });
  const report: RedriveReport = { messages: [], redriven: 0, kept: 0, records: 0, alertsPublished: 0 };
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
        if (!info) {
          entry.detail = "not a DynamoDB stream on-failure message (no DDBStreamBatchInfo)";
          report.kept++;
          continue;
        }
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
  }
  return report;
}

export async function redrive(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      stack: { type: "string" },
      endpoint: { type: "string" },
      "queue-url": { type: "string" },
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
  const clientOptions = clientOptionsFor(values.endpoint ?? process.env.AWS_ENDPOINT_URL);
  const outputs = values.stack ? await readStackOutputs(values.stack, clientOptions) : undefined;
  const queueUrl = values["queue-url"] ?? outputs?.DeadLetterQueueUrl;
  const tableName = values.table ?? outputs?.ArticlesTableName;
  const topicArn = values["topic-arn"] ?? outputs?.AlertsTopicArn;
  const missing = [!queueUrl && "--queue-url", !tableName && "--table", !topicArn && "--topic-arn"].filter(
    Boolean,
  );
  if (missing.length)
    throw new CliError(`name the stack (--stack NAME) or give ${missing.join(", ")}\n\n${HELP}`);
  let max: number | undefined;
  if (values.max !== undefined) {
    max = Number(values.max);
    if (!Number.isInteger(max) || max <= 0)
      throw new CliError(`--max must be a positive integer, got "${values.max}"`);
  }
  const report = await redriveDeadLetters({
    clientOptions,
    target: { queueUrl, tableName, topicArn } as RedriveTarget,
    ...(max ? { max } : {}),
    dryRun: values["dry-run"],
    logs: values.logs,
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    for (const m of report.messages) {
      const range = m.sequenceRange ? ` shard ${m.shardId} ${m.sequenceRange[0]}..${m.sequenceRange[1]}` : "";
      const ids = m.articleIds.length ? ` articles ${m.articleIds.join(", ")}` : "";
      process.stdout.write(
        `${m.outcome.padEnd(12)} ${m.messageId}${range}${ids}${m.detail ? ` (${m.detail})` : ""}\n`,
      );
    }
    const verb = values["dry-run"] ? "would redrive" : "redrove";
    process.stdout.write(
      `${verb} ${values["dry-run"] ? report.messages.filter((m) => m.outcome === "dry-run").length : report.redriven} of ${report.messages.length} dead-lettered batch(es) (${report.records} record(s), ${report.alertsPublished} alert(s) published); ${report.kept} left in the queue\n`,
    );
  }
  return report.kept > 0 && !values["dry-run"] ? 1 : 0;
}
