import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { APIGatewayProxyEvent, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { fromArticleItem } from "../../lambdas/adapters/dynamo-article-store.ts";
import { ARTICLE_SK } from "../../lambdas/adapters/table-schema.ts";
import type { TopicTag } from "../../lambdas/core/article.ts";
import { NOTIFY_STREAM_FILTER } from "../../lambdas/notify/stream-filter.ts";
import { type EventKind, eventKind } from "./event-kind.ts";
import { matchesEventPattern } from "./local-stream.ts";

/** What the replay needs from a backend: the three real handlers wired to it, its stream, and its alert inbox. */
export interface ReplayBackend {
  readonly description: string;
  ingestApi(event: APIGatewayProxyEvent): Promise<unknown>;
  ingestS3(event: unknown): Promise<unknown>;
  notify(event: DynamoDBStreamEvent): Promise<unknown>;
  /** The feed poller, when the backend runs it. */
  pollFeeds?(event: unknown): Promise<unknown>;
  /** Stream records produced by writes since the last call, in order (unfiltered). */
  takeStreamRecords(): Promise<DynamoDBRecord[]>;
  /** Alerts delivered to subscribers since the last call. */
  takeDeliveries(): Promise<Delivery[]>;
  stop(): Promise<void>;
}

export interface Delivery {
  articleId?: string;
  topics: string[];
  subscriber: { endpoint: string; protocol: string };
  subject?: string;
  body: string;
}

export interface StoredView {
  id: string;
  /** The title and text as stored. */
  title: string;
  text: string;
  publishedAt: string;
  url?: string;
  tags: TopicTag[];
}

export interface AlertView {
  articleId?: string;
  topics: string[];
  subject?: string;
  recipients: { endpoint: string; protocol: string; body: string }[];
}

export interface ReplayResult {
  event: string;
  kind: EventKind;
  response: unknown;
  stored: StoredView[];
  alerts: AlertView[];
  error?: string;
}

function storedView(record: DynamoDBRecord): StoredView | undefined {
  const image = record.dynamodb?.NewImage;
  if (!image || image.sk?.S !== ARTICLE_SK) return undefined;
  const article = fromArticleItem(unmarshall(image as Record<string, AttributeValue>));
  return {
    id: article.id,
    title: article.title,
    text: article.text,
    publishedAt: article.publishedAt,
    ...(article.url ? { url: article.url } : {}),
    tags: article.tags,
  };
}

function groupAlerts(deliveries: Delivery[]): AlertView[] {
  const byKey = new Map<string, AlertView>();
  for (const d of deliveries) {
    const key = d.articleId ?? `${d.topics.join(",")}|${d.subject ?? ""}`;
    const view = byKey.get(key) ?? {
      ...(d.articleId ? { articleId: d.articleId } : {}),
      topics: d.topics,
      ...(d.subject ? { subject: d.subject } : {}),
      recipients: [],
    };
    if (!view.subject && d.subject) view.subject = d.subject;
    view.recipients.push({ ...d.subscriber, body: d.body });
    byKey.set(key, view);
  }
  return [...byKey.values()];
}

/**
 * Replays one event through the real handler for its kind; then, as Lambda's event source mapping would, hands the
 * stream records the writes produced (filtered by the notify function's filter) to the notify handler, and
 * collects the alerts each subscriber received.
 */
export async function replayEvent(
  backend: ReplayBackend,
  name: string,
  event: unknown,
): Promise<ReplayResult> {
  const kind = eventKind(event);
  const result: ReplayResult = { event: name, kind, response: null, stored: [], alerts: [] };
  try {
    switch (kind) {
      case "api":
        result.response = await backend.ingestApi(event as APIGatewayProxyEvent);
        break;
      case "s3":
        result.response = await backend.ingestS3(event);
        break;
      case "dynamodb-stream": {
        const records = (event as DynamoDBStreamEvent).Records.filter((r) =>
          matchesEventPattern(NOTIFY_STREAM_FILTER, r),
        );
        result.response = await backend.notify({ Records: records });
        break;
      }
      case "schedule:poll": {
        if (!backend.pollFeeds) {
          result.error = `${backend.description} does not run the feed poller`;
          return result;
        }
        result.response = await backend.pollFeeds(event);
        const failed = (
          (result.response as { feeds?: { url: string; status: string; error?: string }[] }).feeds ?? []
        ).filter((f) => f.status === "failed");
        if (failed.length > 0) result.error = failed.map((f) => `feed ${f.url}: ${f.error}`).join("; ");
        break;
      }
      default:
        result.error =
          "unrecognised event: expected an API Gateway request, an S3 notification or a DynamoDB stream batch";
        return result;
    }
  } catch (error) {
    result.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  const records = await backend.takeStreamRecords();
  result.stored = records.flatMap((r) => storedView(r) ?? []);
  const forNotify = records.filter((r) => matchesEventPattern(NOTIFY_STREAM_FILTER, r));
  if (forNotify.length > 0) {
    const notifyResponse = (await backend.notify({ Records: forNotify })) as {
      batchItemFailures?: unknown[];
    };
    if (notifyResponse?.batchItemFailures?.length) {
      result.error = `notify reported ${notifyResponse.batchItemFailures.length} failed record(s)`;
    }
  }
  result.alerts = groupAlerts(await backend.takeDeliveries());
  return result;
}
