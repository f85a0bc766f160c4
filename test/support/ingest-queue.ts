/**
 * The ingest queue between EventBridge and ingest-s3, and Lambda's SQS event source mapping over it, in process:
 * on moto a real SQS queue with a redrive policy (moto moves a message to the dead-letter queue on the receive
 * after its maxReceiveCount-th, as SQS does), on the embedded backend an in-memory queue with the same rules.
 *
 * The mapping receives up to `batchSize` messages, invokes the handler with the SQS event Lambda would build,
 * deletes the messages not listed in batchItemFailures (ReportBatchItemFailures), and makes the failed ones
 * visible again at once: the visibility timeout (6 minutes deployed) is fast-forwarded, nothing else changes.
 * A handler that throws fails the whole batch, as on Lambda.
 */
import { randomUUID } from "node:crypto";
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

export type QueueHandler = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

export interface DrainReport {
  invocations: number;
  /** Messages handed to the handler, counting redeliveries. */
  deliveries: number;
  /** Message ids the handler reported (or threw on), per invocation. */
  failures: string[][];
}

export interface IngestQueue {
  /** What the EventBridge rule's SQS target does: one message per event, the event as the body. */
  send(event: unknown): Promise<string>;
  /** Runs the event source mapping until no message is visible. */
  drain(handler: QueueHandler): Promise<DrainReport>;
  /** The dead-letter queue's messages (left in the queue). */
  deadLetters(): Promise<{ messageId: string; body: string }[]>;
  /** The SQS URL of the dead-letter queue, when it is a real one (moto), for `wirewatch redrive`. */
  readonly dlqUrl?: string;
  /** Removes a redriven message from the in-memory dead-letter queue (on moto, redrive deletes it itself). */
  deleteDeadLetter?(messageId: string): void;
}

export interface IngestQueueOptions {
  /** @default 5, as deployed */
  maxReceiveCount?: number;
  /** @default 10, as deployed */
  batchSize?: number;
}

function sqsRecord(messageId: string, body: string, receiveCount: number, queueArn: string): SQSRecord {
  const now = String(Date.now());
  return {
    messageId,
    receiptHandle: `${messageId}#${receiveCount}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: now,
      SenderId: "AIDAEVENTBRIDGE",
      ApproximateFirstReceiveTimestamp: now,
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: "us-east-1",
  };
}

async function invoke(
  handler: QueueHandler,
  records: SQSRecord[],
  report: DrainReport,
): Promise<Set<string>> {
  report.invocations++;
  report.deliveries += records.length;
  let failed: Set<string>;
  try {
    const response = await handler({ Records: records });
    failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    // An identifier that names no message of the batch fails the whole batch, as on Lambda.
    if ([...failed].some((id) => !records.some((r) => r.messageId === id)))
      failed = new Set(records.map((r) => r.messageId));
  } catch {
    failed = new Set(records.map((r) => r.messageId));
  }
  report.failures.push([...failed]);
  return failed;
}

/** The in-memory queue of the embedded backend. */
export function memoryIngestQueue(options: IngestQueueOptions = {}): IngestQueue {
  const maxReceiveCount = options.maxReceiveCount ?? 5;
  const batchSize = options.batchSize ?? 10;
  const queue: { messageId: string; body: string; receives: number }[] = [];
  const dlq: { messageId: string; body: string }[] = [];
  const arn = "arn:aws:sqs:us-east-1:000000000000:wirewatch-ingest-local";
  return {
    async send(event) {
      const messageId = randomUUID();
      queue.push({ messageId, body: JSON.stringify(event), receives: 0 });
      return messageId;
    },
    async drain(handler) {
      const report: DrainReport = { invocations: 0, deliveries: 0, failures: [] };
      while (queue.length > 0) {
        const batch: typeof queue = [];
        while (batch.length < batchSize && queue.length > 0) {
          const next = queue.shift() as (typeof queue)[number];
          // SQS moves a message instead of delivering it once it has been received maxReceiveCount times.
          if (next.receives >= maxReceiveCount) dlq.push({ messageId: next.messageId, body: next.body });
          else {
            next.receives++;
            batch.push(next);
          }
        }
        if (batch.length === 0) break;
        const failed = await invoke(
          handler,
          batch.map((m) => sqsRecord(m.messageId, m.body, m.receives, arn)),
          report,
        );
        queue.push(...batch.filter((m) => failed.has(m.messageId)));
      }
      return report;
    },
    deadLetters: async () => [...dlq],
    deleteDeadLetter(messageId) {
      const i = dlq.findIndex((m) => m.messageId === messageId);
      if (i >= 0) dlq.splice(i, 1);
    },
  };
}

/** A real SQS queue and dead-letter queue on moto, wired like the stack's (redrive policy, maxReceiveCount). */
export async function motoIngestQueue(
  sqs: SQSClient,
  options: IngestQueueOptions = {},
): Promise<IngestQueue> {
  const suffix = randomUUID().slice(0, 8);
  const maxReceiveCount = options.maxReceiveCount ?? 5;
  const batchSize = options.batchSize ?? 10;
  const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `wirewatch-ingest-dlq-${suffix}` })))
    .QueueUrl as string;
  const arnOf = async (url: string) =>
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] })))
      .Attributes?.QueueArn as string;
  const dlqArn = await arnOf(dlqUrl);
  const queueUrl = (
    await sqs.send(
      new CreateQueueCommand({
        QueueName: `wirewatch-ingest-${suffix}`,
        Attributes: {
          VisibilityTimeout: "360",
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }),
        },
      }),
    )
  ).QueueUrl as string;
  const queueArn = await arnOf(queueUrl);
  return {
    dlqUrl,
    async send(event) {
      const out = await sqs.send(
        new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(event) }),
      );
      return out.MessageId as string;
    },
    async drain(handler) {
      const report: DrainReport = { invocations: 0, deliveries: 0, failures: [] };
      for (;;) {
        const out = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: batchSize,
            WaitTimeSeconds: 0,
            MessageSystemAttributeNames: ["ApproximateReceiveCount"],
          }),
        );
        const messages = out.Messages ?? [];
        if (messages.length === 0) break;
        const byId = new Map(messages.map((m) => [m.MessageId as string, m]));
        const records = messages.map((m: Message) =>
          sqsRecord(
            m.MessageId as string,
            m.Body ?? "",
            Number(m.Attributes?.ApproximateReceiveCount ?? 1),
            queueArn,
          ),
        );
        const failed = await invoke(handler, records, report);
        for (const [id, m] of byId) {
          if (failed.has(id))
            await sqs.send(
              new ChangeMessageVisibilityCommand({
                QueueUrl: queueUrl,
                ReceiptHandle: m.ReceiptHandle,
                VisibilityTimeout: 0,
              }),
            );
          else
            await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
        }
      }
      return report;
    },
    async deadLetters() {
      const all: { messageId: string; body: string }[] = [];
      const handles: string[] = [];
      for (;;) {
        const out = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 30 }),
        );
        if (!out.Messages?.length) break;
        for (const m of out.Messages) {
          all.push({ messageId: m.MessageId as string, body: m.Body ?? "" });
          handles.push(m.ReceiptHandle as string);
        }
      }
      // Left in the queue: visible again for the next reader (e.g. wirewatch redrive).
      for (const ReceiptHandle of handles)
        await sqs.send(
          new ChangeMessageVisibilityCommand({ QueueUrl: dlqUrl, ReceiptHandle, VisibilityTimeout: 0 }),
        );
      return all;
    },
  };
}
