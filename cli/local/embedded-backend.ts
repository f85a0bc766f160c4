import { resolve } from "node:path";
import type { APIGatewayProxyEvent, DynamoDBStreamEvent } from "aws-lambda";
import { DynamoFeedStore } from "../../lambdas/adapters/dynamo-feed-store.ts";
import { createTelemetry } from "../../lambdas/adapters/telemetry.ts";
import { ingestApiDeps, ingestS3Deps, notifyDeps, pollFeedsDeps } from "../../lambdas/composition.ts";
import {
  DEFAULT_FEED_CONCURRENCY,
  DEFAULT_LIMITS,
  DEFAULT_MAX_FEED_BYTES,
  type IngestLimits,
} from "../../lambdas/config.ts";
import type { PollLimits } from "../../lambdas/core/feeds/poll.ts";
import type { Fetcher } from "../../lambdas/core/feeds/ports.ts";
import { createIngestApiHandler } from "../../lambdas/ingest-api/app.ts";
import { createIngestS3Handler } from "../../lambdas/ingest-s3/app.ts";
import { createNotifyHandler } from "../../lambdas/notify/app.ts";
import { createPollFeedsHandler } from "../../lambdas/poll-feeds/app.ts";
import { createArticlesTable, startEmbeddedDynamo } from "./embedded-dynamo.ts";
import { FolderObjectSource } from "./folder-object-source.ts";
import { readLocalFeeds } from "./local-feeds.ts";
import { createLocalSns } from "./local-sns.ts";
import { LocalStream } from "./local-stream.ts";
import { type LocalWeb, startLocalWeb } from "./local-web.ts";
import type { ReplayBackend } from "./replay-runner.ts";

export interface EmbeddedOptions {
  subscribersFile?: string;
  bucketDir?: string;
  limits?: IngestLimits;
  /** Show the handlers' structured logs (off by default: the replay prints its own summary). */
  logs?: boolean;
  tableName?: string;
  now?: () => Date;
  /**
   * Feeds registered at start, as the stack's table would hold them (default events/feeds.json when it exists;
   * null for none).
   */
  feedsFile?: string | null;
  /** Folder of sample sites served on loopback, one sub-folder per host (default events/web). */
  webDir?: string;
  /** Another fetcher for the poller (tests); by default the safe fetcher, loopback allowed, the local web's hosts. */
  fetcher?: Fetcher;
  /** Tests: tighter limits for the poller (timeouts, sizes). */
  pollLimits?: Partial<PollLimits>;
}

export type EmbeddedBackend = ReplayBackend & {
  endpoint: string;
  tableName: string;
  topicArn: string;
  stream: LocalStream;
  web: LocalWeb;
  db: Awaited<ReturnType<typeof startEmbeddedDynamo>>["db"];
};

/**
 * The embedded backend: dynalite in process for DynamoDB, a local stream recorder in place of DynamoDB Streams,
 * a local alert bus applying SNS filter policies to the subscribers file, and a folder in place of the bucket.
 * No AWS account, no network beyond loopback.
 */
export async function startEmbeddedBackend(options: EmbeddedOptions = {}): Promise<EmbeddedBackend> {
  const dynamo = await startEmbeddedDynamo();
  const tableName = options.tableName ?? "wirewatch-articles";
  await createArticlesTable(dynamo.endpoint, tableName);
  const stream = new LocalStream(tableName).attach(dynamo.db);
  const sns = createLocalSns({
    subscribersFile: resolve(options.subscribersFile ?? "events/subscribers.json"),
  });
  const silent = !options.logs;
  const config = { tableName, limits: options.limits ?? DEFAULT_LIMITS };
  const wiring = (service: string) => ({
    telemetry: createTelemetry(service, { silent }),
    ...(options.now ? { now: options.now } : {}),
  });
  const ingestApi = createIngestApiHandler(ingestApiDeps(config, dynamo.db, wiring("ingest-api")));
  const ingestS3 = createIngestS3Handler(
    ingestS3Deps(
      config,
      dynamo.db,
      new FolderObjectSource(resolve(options.bucketDir ?? "events/bucket")),
      wiring("ingest-s3"),
    ),
  );
  const notify = createNotifyHandler(
    notifyDeps({ tableName, topicArn: sns.topicArn }, dynamo.db, sns.client, wiring("notify")),
  );
  const web = await startLocalWeb(resolve(options.webDir ?? "events/web"));
  const pollFeeds = createPollFeedsHandler(
    pollFeedsDeps(
      { ...config, maxFeedBytes: DEFAULT_MAX_FEED_BYTES, concurrency: DEFAULT_FEED_CONCURRENCY },
      dynamo.db,
      // Loopback is allowed here only: this is the local replay, whose sample sites are served on loopback.
      {
        ...wiring("poll-feeds"),
        fetcher: options.fetcher ?? { allowLoopback: true, hosts: web.hosts },
        ...(options.pollLimits ? { limits: options.pollLimits } : {}),
      },
    ),
  );
  const feedsFile = options.feedsFile === undefined ? "events/feeds.json" : options.feedsFile;
  if (feedsFile) {
    const store = new DynamoFeedStore(dynamo.db, tableName);
    for (const feed of readLocalFeeds(resolve(feedsFile), { optional: options.feedsFile === undefined }))
      await store.put(feed, (options.now ?? (() => new Date()))());
  }
  return {
    description: `embedded backend (dynalite at ${dynamo.endpoint}, local alert bus)`,
    endpoint: dynamo.endpoint,
    tableName,
    topicArn: sns.topicArn,
    stream,
    web,
    db: dynamo.db,
    ingestApi: (event: APIGatewayProxyEvent) => ingestApi(event),
    ingestS3: (event: unknown) => ingestS3(event),
    notify: (event: DynamoDBStreamEvent) => notify(event),
    pollFeeds: (event: unknown) => pollFeeds(event),
    takeStreamRecords: async () => stream.take(),
    takeDeliveries: async () => sns.takeDeliveries(),
    stop: async () => {
      await web.stop();
      await dynamo.stop();
    },
  };
}
