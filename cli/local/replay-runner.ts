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
  /** The digest function (scheduled "Send digest"). */
  digest?(event: unknown): Promise<unknown>;
  /** The remind function (scheduled "Send reminder"). */
  remind?(event: unknown): Promise<unknown>;
  /** Sets the handlers' clock to the event's own time (undefined: the wall clock), so replays are deterministic. */
  setClock?(time: Date | undefined): void;
  /** Reminder schedules created since the last call (the embedded backend's stand-in scheduler). */
  takeSchedules?(): Promise<ScheduledView[]>;
  /** Stream records produced by writes since the last call, in order (unfiltered). */
  takeStreamRecords(): Promise<DynamoDBRecord[]>;
  /** Alerts delivered to subscribers since the last call. */
  takeDeliveries(): Promise<Delivery[]>;
  stop(): Promise<void>;
}

export interface Delivery {
  articleId?: string;
  /** The message's `kind` attribute: alert, digest or reminder. */
  kind?: string;
  /** A digest's subscriber group (`digest` attribute). */
  digest?: string;
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
  /** The story it was assigned to: new, or a later copy (with the topics it added). */
  story?: { id: string; outcome: "new" | "joined"; newTopics: string[]; copies: number; sources: number };
}

export interface AlertView {
  articleId?: string;
  /** alert | digest | reminder */
  kind: string;
  /** A digest's subscriber group, e.g. "daily:deadline+expulsions". */
  digest?: string;
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
  /** Reminder schedules the event's handlers created. */
  scheduled?: ScheduledView[];
  error?: string;
}

export interface ScheduledView {
  name: string;
  group: string;
  expression: string;
  /** The schedule's input: the "Send reminder" event it will deliver. */
  detail?: unknown;
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
    ...(article.story
      ? {
          story: {
            id: article.story.storyId,
            outcome: article.story.outcome,
            newTopics: article.story.newTopics,
            copies: article.story.copies,
            sources: article.story.sources,
          },
        }
      : {}),
  };
}

function groupAlerts(deliveries: Delivery[]): AlertView[] {
  const byKey = new Map<string, AlertView>();
  for (const d of deliveries) {
    const kind = d.kind ?? "alert";
    const key = `${kind}|${d.articleId ?? d.digest ?? `${d.topics.join(",")}|${d.subject ?? ""}`}`;
    const view = byKey.get(key) ?? {
      ...(d.articleId ? { articleId: d.articleId } : {}),
      kind,
      ...(d.digest ? { digest: d.digest } : {}),
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
 * The time an event carries: an API request's `requestTimeEpoch`, an EventBridge event's `time` (S3 and scheduled
 * events), an S3 record's `eventTime`, a stream record's creation time. Undefined when it carries none.
 */
export function eventTime(event: unknown): Date | undefined {
  if (!event || typeof event !== "object") return undefined;
  const e = event as {
    requestContext?: { requestTimeEpoch?: unknown };
    time?: unknown;
    Records?: { eventTime?: unknown; dynamodb?: { ApproximateCreationDateTime?: unknown } }[];
  };
  const candidates: unknown[] = [
    e.requestContext?.requestTimeEpoch,
    e.time,
    e.Records?.[0]?.eventTime,
    typeof e.Records?.[0]?.dynamodb?.ApproximateCreationDateTime === "number"
      ? (e.Records[0].dynamodb.ApproximateCreationDateTime as number) * 1000
      : undefined,
  ];
  for (const c of candidates) {
    if (typeof c !== "number" && typeof c !== "string") continue;
    const d = new Date(c);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return undefined;
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
  backend.setClock?.(eventTime(event));
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
      case "schedule:digest":
        if (!backend.digest) throw new Error(`${backend.description} cannot run the digest function`);
        result.response = await backend.digest(event);
        break;
      case "schedule:reminder":
        if (!backend.remind) throw new Error(`${backend.description} cannot run the remind function`);
        result.response = await backend.remind(event);
        break;
      default:
        result.error =
          "unrecognised event: expected an API Gateway request, an S3 notification, a DynamoDB stream batch or a scheduled wirewatch event";
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
  const scheduled = (await backend.takeSchedules?.()) ?? [];
  if (scheduled.length) result.scheduled = scheduled;
  // A poll ingests several feeds at once, so its writes (and the alerts and schedules they lead to) interleave
  // differently from run to run: list them in a fixed order so a replay repeats.
  if (kind === "schedule:poll") {
    const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    result.stored.sort((a, b) => byKey(`${a.publishedAt}#${a.id}`, `${b.publishedAt}#${b.id}`));
    result.alerts.sort((a, b) => byKey(`${a.kind}#${a.articleId ?? ""}`, `${b.kind}#${b.articleId ?? ""}`));
    for (const alert of result.alerts)
      alert.recipients.sort((a, b) => byKey(`${a.protocol}#${a.endpoint}`, `${b.protocol}#${b.endpoint}`));
    result.scheduled?.sort((a, b) => byKey(a.name, b.name));
  }
  return result;
}
