import type { S3Client } from "@aws-sdk/client-s3";
import type { SchedulerClient } from "@aws-sdk/client-scheduler";
import type { SNSClient } from "@aws-sdk/client-sns";
import { DynamoArticleStore } from "./adapters/dynamo-article-store.ts";
import type { DocumentClient } from "./adapters/dynamo-client.ts";
import { DynamoFeedStore } from "./adapters/dynamo-feed-store.ts";
import { DynamoSentMarkers } from "./adapters/dynamo-sent-markers.ts";
import { DynamoStoryStore } from "./adapters/dynamo-story-store.ts";
import { S3ObjectSource } from "./adapters/s3-object-source.ts";
import { SafeFetcher, type SafeFetcherOptions } from "./adapters/safe-fetcher.ts";
import { EventBridgeReminderScheduler } from "./adapters/scheduler-reminders.ts";
import { SnsAlertPublisher } from "./adapters/sns-alert-publisher.ts";
import { SnsSubscriptionDirectory } from "./adapters/sns-subscriptions.ts";
import { digestPk, reminderPk, SENT_SK } from "./adapters/table-schema.ts";
import { createTelemetry, type Telemetry } from "./adapters/telemetry.ts";
import type { DigestConfig, IngestConfig, NotifyConfig, PollFeedsConfig, RemindConfig } from "./config.ts";
import { DEFAULT_POLL_LIMITS, type PollLimits } from "./core/feeds/poll.ts";
import type { Fetcher } from "./core/feeds/ports.ts";
import type { IngestDeps } from "./core/ingest/ingest.ts";
import type { ObjectSource } from "./core/ports.ts";
import { STORY_RULES, type StoryRules } from "./core/stories/assign.ts";
import { loadTagger } from "./core/tagger/load.ts";
import type { DigestDeps } from "./digest/app.ts";
import type { IngestApiDeps } from "./ingest-api/app.ts";
import type { IngestS3Deps } from "./ingest-s3/app.ts";
import type { NotifyDeps } from "./notify/app.ts";
import type { PollFeedsDeps } from "./poll-feeds/app.ts";
import type { RemindDeps } from "./remind/app.ts";

/**
 * How each function is wired. The Lambda handlers call these with clients from adapters/clients.ts; the local
 * replay and the tests call them with clients pointed at the embedded or moto backends, so every path runs the
 * same adapters and domain code.
 */
export interface WiringOptions {
  telemetry?: Telemetry;
  now?: () => Date;
}

/** Story assignment for every ingest path (API, bucket, feeds): the table's story index and the window. */
export function storyDeps(
  config: Pick<IngestConfig, "tableName" | "storyWindowHours">,
  db: DocumentClient,
): { stories: DynamoStoryStore; storyRules: StoryRules } {
  return {
    stories: new DynamoStoryStore(db, config.tableName),
    storyRules: {
      ...STORY_RULES,
      ...(config.storyWindowHours ? { windowMs: config.storyWindowHours * 3600_000 } : {}),
    },
  };
}

/** What every ingest path shares: the article store, story assignment, the tagger and the clock. */
function ingestCoreDeps(
  config: Pick<IngestConfig, "tableName" | "storyWindowHours">,
  db: DocumentClient,
  o: WiringOptions,
): IngestDeps {
  return {
    store: new DynamoArticleStore(db, config.tableName),
    ...storyDeps(config, db),
    tagger: loadTagger(),
    now: o.now ?? (() => new Date()),
  };
}

export function ingestApiDeps(
  config: IngestConfig,
  db: DocumentClient,
  o: WiringOptions = {},
): IngestApiDeps {
  return {
    ...ingestCoreDeps(config, db, o),
    limits: config.limits,
    telemetry: o.telemetry ?? createTelemetry("ingest-api"),
  };
}

export function ingestS3Deps(
  config: IngestConfig,
  db: DocumentClient,
  objects: S3Client | ObjectSource,
  o: WiringOptions = {},
): IngestS3Deps {
  return {
    ...ingestCoreDeps(config, db, o),
    limits: config.limits,
    objects: "read" in objects ? objects : new S3ObjectSource(objects),
    telemetry: o.telemetry ?? createTelemetry("ingest-s3"),
  };
}

export function notifyDeps(
  config: NotifyConfig,
  db: DocumentClient,
  sns: SNSClient,
  o: WiringOptions & { scheduler?: SchedulerClient } = {},
): NotifyDeps {
  return {
    store: new DynamoArticleStore(db, config.tableName),
    publisher: new SnsAlertPublisher(sns, config.topicArn),
    subscriptions: new SnsSubscriptionDirectory(sns, config.topicArn, 60_000),
    telemetry: o.telemetry ?? createTelemetry("notify"),
    ...(o.now ? { now: o.now } : {}),
    ...(config.reminders && o.scheduler
      ? {
          reminders: {
            scheduler: new EventBridgeReminderScheduler(o.scheduler, config.reminders),
            leadHours: config.reminders.leadHours,
          },
        }
      : {}),
  };
}

export function digestDeps(
  config: DigestConfig,
  db: DocumentClient,
  sns: SNSClient,
  o: WiringOptions = {},
): DigestDeps {
  return {
    subscriptions: new SnsSubscriptionDirectory(sns, config.topicArn),
    articles: new DynamoArticleStore(db, config.tableName),
    stories: new DynamoStoryStore(db, config.tableName),
    markers: new DynamoSentMarkers(db, config.tableName),
    publisher: new SnsAlertPublisher(sns, config.topicArn),
    telemetry: o.telemetry ?? createTelemetry("digest"),
    markerKey: (cadence, periodEnd, group) => ({ pk: digestPk(cadence, periodEnd), sk: group }),
  };
}

export function remindDeps(
  config: RemindConfig,
  db: DocumentClient,
  sns: SNSClient,
  o: WiringOptions = {},
): RemindDeps {
  return {
    stories: new DynamoStoryStore(db, config.tableName),
    markers: new DynamoSentMarkers(db, config.tableName),
    publisher: new SnsAlertPublisher(sns, config.topicArn),
    telemetry: o.telemetry ?? createTelemetry("remind"),
    markerKey: (storyId, date) => ({ pk: reminderPk(storyId, date), sk: SENT_SK }),
  };
}

export interface PollFeedsWiring extends WiringOptions {
  /** Tests and the local replay: another fetcher, or options for the safe one (loopback, host table). */
  fetcher?: Fetcher | Pick<SafeFetcherOptions, "allowLoopback" | "hosts">;
  /** Tests: tighter time and size limits. */
  limits?: Partial<PollLimits>;
}

export function pollFeedsDeps(
  config: PollFeedsConfig,
  db: DocumentClient,
  o: PollFeedsWiring = {},
): PollFeedsDeps {
  const fetcher =
    o.fetcher && "fetch" in o.fetcher
      ? o.fetcher
      : new SafeFetcher({ ...o.fetcher, ...(config.runtimeApi ? { runtimeApi: config.runtimeApi } : {}) });
  return {
    ...ingestCoreDeps(config, db, o),
    feeds: new DynamoFeedStore(db, config.tableName),
    fetcher,
    limits: {
      ...DEFAULT_POLL_LIMITS,
      maxFeedBytes: config.maxFeedBytes,
      maxPageBytes: config.limits.maxHtmlBytes,
      maxTextChars: config.limits.maxTextChars,
      ...o.limits,
    },
    concurrency: config.concurrency,
    telemetry: o.telemetry ?? createTelemetry("poll-feeds"),
  };
}
