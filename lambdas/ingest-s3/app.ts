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
 * Ingests each created object. A bad object is skipped with a logged reason (retrying cannot fix it); an
 * unavailable store throws, so the invocation is retried by EventBridge and lands in its dead-letter queue at last.
 */
export function createIngestS3Handler(deps: IngestS3Deps) {
  const { logger } = deps.telemetry;
  return async (raw: unknown): Promise<{ objects: ObjectOutcome[] }> => {
    const parsed = s3EventSchema.safeParse(raw);
    if (!parsed.success) {
      logger.error("not an S3 object-created event", { issues: parsed.error.issues.slice(0, 3) });
      throw new ValidationError("not an S3 object-created event");
    }
    const outcomes: ObjectOutcome[] = [];
    try {
      for (const ref of objectsOf(parsed.data)) {
        try {
          const { bytes } = await readObject(deps, ref);
          const request = parseObject(ref.key, bytes, deps.limits);
          const results = await ingestItems(
            request.items,
            deps,
            ref.createdAt ? { publishedAt: ref.createdAt } : {},
          );
          const unavailable = results.find((r) => r.status === 503);
          if (unavailable && "error" in unavailable) throw new UnavailableError(unavailable.error.message);
          recordIngestResults(deps.telemetry, results, { key: ref.key });
          outcomes.push({ ...ref, results });
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          logger.warn("object skipped", { bucket: ref.bucket, key: ref.key, reason: error.message });
          deps.telemetry.count("ObjectsSkipped");
          outcomes.push({ ...ref, skipped: error.message });
        }
      }
      return { objects: outcomes };
    } finally {
      deps.telemetry.flush();
    }
  };
}
