import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import * as z from "zod";
import { recordIngestResults, type Telemetry } from "../adapters/telemetry.ts";
import type { IngestLimits } from "../config.ts";
import { UnavailableError, ValidationError } from "../core/errors.ts";
import { type IngestDeps, type ItemResult, ingestItems } from "../core/ingest/ingest.ts";
import { parseObject } from "../core/ingest/object-parser.ts";
import type { ObjectSource } from "../core/ports.ts";

export interface IngestS3Deps extends IngestDeps {
  limits: IngestLimits;
  objects: ObjectSource;
  telemetry: Telemetry;
}

/** EventBridge "Object Created" (the deployed route) or an S3 notification (replays and older setups). */
const eventBridgeEvent = z.object({
  source: z.literal("aws.s3"),
  time: z.string().optional(),
  "detail-type": z.literal("Object Created"),
  detail: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({ key: z.string(), size: z.number().optional() }),
  }),
});
const s3Notification = z.object({
  Records: z
    .array(
      z.object({
        eventSource: z.literal("aws:s3"),
        eventTime: z.string().optional(),
        s3: z.object({
          bucket: z.object({ name: z.string() }),
          object: z.object({ key: z.string(), size: z.number().optional() }),
        }),
      }),
    )
    .min(1),
});
export const s3EventSchema = z.union([eventBridgeEvent, s3Notification]);
export type S3IngestEvent = z.infer<typeof s3EventSchema>;

/** The deployed route: the ingest queue's messages, each holding one EventBridge "Object Created" event. */
const sqsEvent = z.object({
  Records: z
    .array(z.object({ eventSource: z.literal("aws:sqs"), messageId: z.string(), body: z.string() }))
    .min(1),
});
export const isSqsEvent = (raw: unknown): raw is SQSEvent => sqsEvent.safeParse(raw).success;

/** What a queue message holds, or why it holds nothing to ingest. */
export function eventInMessage(body: string): S3IngestEvent | "s3-test-event" | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  // S3 sends this once when a notification to a queue is configured; it names no object.
  if ((value as { Event?: unknown } | null)?.Event === "s3:TestEvent") return "s3-test-event";
  const parsed = s3EventSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export interface ObjectRef {
  bucket: string;
  key: string;
  /** When the object was created: the reference date of articles that state no publishedAt. */
  createdAt?: string;
}

export function objectsOf(event: S3IngestEvent): ObjectRef[] {
  if ("detail" in event) {
    return [
      {
        bucket: event.detail.bucket.name,
        key: event.detail.object.key,
        ...(event.time ? { createdAt: event.time } : {}),
      },
    ];
  }
  // S3 notifications URL-encode keys, with "+" for spaces.
  return event.Records.map((r) => ({
    bucket: r.s3.bucket.name,
    key: decodeKey(r.s3.object.key),
    ...(r.eventTime ? { createdAt: r.eventTime } : {}),
  }));
}

const decodeKey = (key: string) => {
  try {
    return decodeURIComponent(key.replace(/\+/g, " "));
  } catch {
    return key;
  }
};

/**
 * Reads the object an event names. S3 notifications URL-encode keys (decoded in objectsOf); for EventBridge
 * events AWS documents no encoding, so a key that is not found as given is tried once more decoded.
 */
async function readObject(deps: IngestS3Deps, ref: ObjectRef): Promise<{ bytes: Uint8Array }> {
  // Real pages are far larger than article bodies; their extracted text is limited instead (maxTextChars).
  const limit = (key: string) =>
    /\.html?$/i.test(key)
      ? Math.max(deps.limits.maxHtmlBytes, deps.limits.maxBodyBytes)
      : deps.limits.maxBodyBytes;
  try {
    return await deps.objects.read(ref.bucket, ref.key, limit(ref.key));
  } catch (error) {
    const decoded = decodeKey(ref.key);
    if (!(error instanceof ValidationError) || error.code !== "not_found" || decoded === ref.key) throw error;
    return deps.objects.read(ref.bucket, decoded, limit(decoded));
  }
}

export interface ObjectOutcome extends ObjectRef {
  results?: ItemResult[];
  skipped?: string;
}

/**
 * Ingests the objects one event names. A bad object is skipped with a logged reason (retrying cannot fix it).
 * Anything else (an item the store could not take, access denied, an unexpected error) throws, so the event is
 * retried: no object is counted as done while one of its articles is not stored.
 */
async function ingestObjects(deps: IngestS3Deps, event: S3IngestEvent): Promise<ObjectOutcome[]> {
  const outcomes: ObjectOutcome[] = [];
  for (const ref of objectsOf(event)) {
    try {
      const { bytes } = await readObject(deps, ref);
      const request = parseObject(ref.key, bytes, deps.limits);
      const results = await ingestItems(
        request.items,
        deps,
        ref.createdAt ? { publishedAt: ref.createdAt } : {},
      );
      // Counted first, so the items stored before the failure are not lost from the metrics; on retry they are
      // duplicates and nothing is stored or alerted twice.
      recordIngestResults(deps.telemetry, results, { key: ref.key, source: "s3" });
      const unavailable = results.find((r) => r.status === 503);
      if (unavailable && "error" in unavailable) throw new UnavailableError(unavailable.error.message);
      outcomes.push({ ...ref, results });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      deps.telemetry.logger.warn("object skipped", {
        bucket: ref.bucket,
        key: ref.key,
        reason: error.message,
      });
      deps.telemetry.count("ObjectsSkipped");
      outcomes.push({ ...ref, skipped: error.message });
    }
  }
  return outcomes;
}

/**
 * The handler takes the ingest queue's batches (the deployed route) and, for replays and older setups, an
 * EventBridge event or an S3 notification directly. The overloads say which answer goes with which event.
 */
export interface IngestS3Handler {
  (event: SQSEvent): Promise<SQSBatchResponse>;
  (event: unknown): Promise<{ objects: ObjectOutcome[] }>;
}

/**
 * From the queue: each message is one event, processed on its own, and the messages whose event failed are
 * reported in batchItemFailures, so the queue retries just those (after the visibility timeout) and moves one
 * to the dead-letter queue after maxReceiveCount receives. A message that holds no S3 event is reported too, so
 * it is kept for a person rather than dropped. Directly: a failure throws (Lambda's asynchronous retries).
 */
export function createIngestS3Handler(deps: IngestS3Deps): IngestS3Handler {
  const { logger } = deps.telemetry;
  const fromQueue = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
    for (const record of event.Records) {
      const inner = eventInMessage(record.body);
      if (inner === "s3-test-event") continue;
      if (!inner) {
        logger.error("queue message holds no S3 object-created event", { messageId: record.messageId });
        batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      try {
        await ingestObjects(deps, inner);
      } catch (error) {
        logger.error("object not ingested; the message will be retried", {
          messageId: record.messageId,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
  const handler = async (raw: unknown): Promise<SQSBatchResponse | { objects: ObjectOutcome[] }> => {
    try {
      if (isSqsEvent(raw)) return await fromQueue(raw);
      const parsed = s3EventSchema.safeParse(raw);
      if (!parsed.success) {
        logger.error("not an S3 object-created event", { issues: parsed.error.issues.slice(0, 3) });
        throw new ValidationError("not an S3 object-created event");
      }
      return { objects: await ingestObjects(deps, parsed.data) };
    } finally {
      deps.telemetry.flush();
    }
  };
  return handler as IngestS3Handler;
}
