import type { S3Client } from "@aws-sdk/client-s3";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoArticleStore } from "./adapters/dynamo-article-store.ts";
import { DynamoFeedStore } from "./adapters/dynamo-feed-store.ts";
import { S3ObjectSource } from "./adapters/s3-object-source.ts";
import { SafeFetcher, type SafeFetcherOptions } from "./adapters/safe-fetcher.ts";
import { SnsAlertPublisher } from "./adapters/sns-alert-publisher.ts";
import { createTelemetry, type Telemetry } from "./adapters/telemetry.ts";
import type { IngestConfig, NotifyConfig, PollFeedsConfig } from "./config.ts";
import { DEFAULT_POLL_LIMITS, type PollLimits } from "./core/feeds/poll.ts";
import type { Fetcher } from "./core/feeds/ports.ts";
import type { ObjectSource } from "./core/ports.ts";
import { loadTagger } from "./core/tagger/load.ts";
import type { IngestApiDeps } from "./ingest-api/app.ts";
import type { IngestS3Deps } from "./ingest-s3/app.ts";
import type { NotifyDeps } from "./notify/app.ts";
import type { PollFeedsDeps } from "./poll-feeds/app.ts";

/**
 * How each function is wired. The Lambda handlers call these with clients from adapters/clients.ts; the local
 * replay and the tests call them with clients pointed at the embedded or moto backends, so every path runs the
 * same adapters and domain code.
 */
export interface WiringOptions {
  telemetry?: Telemetry;
  now?: () => Date;
}

export function ingestApiDeps(
  config: IngestConfig,
  db: DynamoDBDocumentClient,
  o: WiringOptions = {},
): IngestApiDeps {
  return {
    store: new DynamoArticleStore(db, config.tableName),
    tagger: loadTagger(),
    now: o.now ?? (() => new Date()),
    limits: config.limits,
    telemetry: o.telemetry ?? createTelemetry("ingest-api"),
  };
}

export function ingestS3Deps(
  config: IngestConfig,
  db: DynamoDBDocumentClient,
  objects: S3Client | ObjectSource,
  o: WiringOptions = {},
): IngestS3Deps {
  return {
    store: new DynamoArticleStore(db, config.tableName),
    tagger: loadTagger(),
    now: o.now ?? (() => new Date()),
    limits: config.limits,
    objects: "read" in objects ? objects : new S3ObjectSource(objects),
    telemetry: o.telemetry ?? createTelemetry("ingest-s3"),
  };
}

export function notifyDeps(
  config: NotifyConfig,
  db: DynamoDBDocumentClient,
  sns: SNSClient,
  o: WiringOptions = {},
): NotifyDeps {
  return {
    store: new DynamoArticleStore(db, config.tableName),
    publisher: new SnsAlertPublisher(sns, config.topicArn),
    telemetry: o.telemetry ?? createTelemetry("notify"),
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
  db: DynamoDBDocumentClient,
  o: PollFeedsWiring = {},
): PollFeedsDeps {
  const fetcher =
    o.fetcher && "fetch" in o.fetcher
      ? o.fetcher
      : new SafeFetcher({ ...o.fetcher, ...(config.runtimeApi ? { runtimeApi: config.runtimeApi } : {}) });
  return {
    store: new DynamoArticleStore(db, config.tableName),
    feeds: new DynamoFeedStore(db, config.tableName),
    tagger: loadTagger(),
    now: o.now ?? (() => new Date()),
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
