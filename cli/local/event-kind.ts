export type EventKind =
  | "api"
  | "s3"
  | "dynamodb-stream"
  | "schedule:poll"
  | "schedule:digest"
  | "schedule:reminder"
  | "unknown";

/** Recognises a Lambda event by its shape, as the replay command needs to pick the handler. */
export function eventKind(event: unknown): EventKind {
  if (!event || typeof event !== "object") return "unknown";
  const e = event as Record<string, unknown>;
  if (typeof e.httpMethod === "string" && typeof e.requestContext === "object") return "api";
  if (e.source === "aws.s3" && e["detail-type"] === "Object Created") return "s3";
  if (e.source === "wirewatch.schedule" && e["detail-type"] === "Poll feeds") return "schedule:poll";
  if (e.source === "wirewatch.schedule" && e["detail-type"] === "Send digest") return "schedule:digest";
  if (e.source === "wirewatch.schedule" && e["detail-type"] === "Send reminder") return "schedule:reminder";
  const records = e.Records;
  if (Array.isArray(records) && records.length > 0) {
    const source = (records[0] as Record<string, unknown>)?.eventSource;
    if (source === "aws:s3") return "s3";
    if (source === "aws:dynamodb") return "dynamodb-stream";
    // The deployed S3 route: ingest-queue messages whose body is the EventBridge "Object Created" event.
    if (source === "aws:sqs" && isS3EventBody((records[0] as Record<string, unknown>)?.body)) return "s3";
  }
  return "unknown";
}

function isS3EventBody(body: unknown): boolean {
  if (typeof body !== "string") return false;
  try {
    const inner = JSON.parse(body) as Record<string, unknown> | null;
    return inner?.source === "aws.s3" || Array.isArray(inner?.Records);
  } catch {
    return false;
  }
}

export const KIND_LABEL: Record<EventKind, string> = {
  api: "API Gateway request -> ingest-api",
  s3: "S3 object created -> ingest-s3",
  "dynamodb-stream": "DynamoDB stream batch -> notify",
  "schedule:poll": "scheduled feed poll -> poll-feeds",
  "schedule:digest": "scheduled Send digest -> digest",
  "schedule:reminder": "scheduled Send reminder -> remind",
  unknown: "unrecognised event",
};
