/**
 * The moto tier for feeds: the feed store on moto's DynamoDB (with the table's stream and TTL, as deployed), and
 * the poller handler against it fetching from a loopback server. Checks what the embedded backend cannot: the
 * TTL setting, the stream records the feed items produce (and that the notify filter drops them), UpdateItem
 * conditions and REMOVE clauses as DynamoDB implements them. Skipped, visibly, without moto_server.
 */
import { DescribeTimeToLiveCommand, DynamoDBClient, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { DynamoStreamReader } from "../../cli/local/deployed-backend.ts";
import { createArticlesTable } from "../../cli/local/embedded-dynamo.ts";
import { matchesEventPattern } from "../../cli/local/local-stream.ts";
import { createDynamoClient, localClientOptions } from "../../lambdas/adapters/clients.ts";
import { GetCommand } from "../../lambdas/adapters/dynamo-client.ts";
import { DynamoFeedStore, entryHash } from "../../lambdas/adapters/dynamo-feed-store.ts";
import { SafeFetcher } from "../../lambdas/adapters/safe-fetcher.ts";
import {
  FEEDS_PK,
  feedEntriesPk,
  feedEntrySk,
  feedSk,
  TTL_ATTRIBUTE,
} from "../../lambdas/adapters/table-schema.ts";
import { createTelemetry } from "../../lambdas/adapters/telemetry.ts";
import { pollFeedsDeps } from "../../lambdas/composition.ts";
import { DEFAULT_FEED_CONCURRENCY, DEFAULT_LIMITS, DEFAULT_MAX_FEED_BYTES } from "../../lambdas/config.ts";
import { feedIdOf } from "../../lambdas/core/feeds/feed.ts";
import { NOTIFY_STREAM_FILTER } from "../../lambdas/notify/stream-filter.ts";
import { createPollFeedsHandler } from "../../lambdas/poll-feeds/app.ts";
import { cacheable, type FeedServer, QUAY_RSS, startFeedServer } from "../support/feed-server.ts";
import { type Moto, motoSuiteName, startMoto } from "../support/moto.ts";

const moto: Moto | undefined = await startMoto();
let server: FeedServer | undefined;
afterAll(async () => {
  await server?.stop();
  await moto?.stop();
});

describe.skipIf(!moto)(motoSuiteName("feed state on moto: store, TTL, stream, poller", moto), () => {
  const tableName = "wirewatch-feeds-moto";
  let db: ReturnType<typeof createDynamoClient>;
  let store: DynamoFeedStore;
  const NOW = new Date("2026-05-14T09:00:00Z");

  beforeEach(async () => {
    await moto?.reset();
    const endpoint = (moto as Moto).endpoint;
    await createArticlesTable(endpoint, tableName, { stream: true });
    // The stack enables TTL on the table (infra/constructs/articles-table.ts); the same call here.
    const ddb = new DynamoDBClient((moto as Moto).clientConfig);
    await ddb.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
    ddb.destroy();
    db = createDynamoClient(localClientOptions(endpoint));
    store = new DynamoFeedStore(db, tableName);
  });

  it("keeps one item per feed, updates its definition without losing state, and removes it", async () => {
    const url = "https://quay.test/rss";
    const id = feedIdOf(url);
    await store.put({ url, everyMinutes: 15, fetch: "summary" }, NOW);
    await store.saveState(id, {
      consecutiveFailures: 2,
      etag: '"v1"',
      lastError: { at: NOW.toISOString(), message: "HTTP 503" },
    });
    await store.put({ url, everyMinutes: 60, fetch: "page" }, new Date("2026-05-15T00:00:00Z"));
    const [feed, ...others] = await store.list();
    expect(others).toEqual([]);
    expect(feed).toMatchObject({
      id,
      url,
      everyMinutes: 60,
      fetch: "page",
      addedAt: NOW.toISOString(),
      consecutiveFailures: 2,
      etag: '"v1"',
    });
    // State fields that are no longer set are removed (REMOVE), not left stale.
    await store.saveState(id, { consecutiveFailures: 0, lastSuccessAt: NOW.toISOString() });
    const after = await store.get(id);
    expect(after?.etag).toBeUndefined();
    expect(after?.lastError).toBeUndefined();
    expect(after?.lastSuccessAt).toBe(NOW.toISOString());
    expect(await store.remove(id)).toBe(true);
    // A poll that finishes after the feed was removed does not bring it back.
    await store.saveState(id, { consecutiveFailures: 1 });
    expect(await store.get(id)).toBeUndefined();
    expect(await store.remove(id)).toBe(false);
  });

  it("remembers seen entries (more than one BatchGetItem page) with an expiry the table's TTL acts on", async () => {
    const ddb = new DynamoDBClient((moto as Moto).clientConfig);
    const ttl = await ddb.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    ddb.destroy();
    expect(ttl.TimeToLiveDescription).toMatchObject({
      AttributeName: TTL_ATTRIBUTE,
      TimeToLiveStatus: "ENABLED",
    });
    const keys = Array.from({ length: 130 }, (_, i) => `https://quay.test/news/${i}`);
    const expiresAt = Math.floor(NOW.getTime() / 1000) + 90 * 86_400;
    await store.markSeen("f1", keys.slice(0, 120), expiresAt);
    const seen = await store.seen("f1", keys);
    expect(seen.size).toBe(120);
    expect(seen.has(keys[119] as string)).toBe(true);
    expect(seen.has(keys[120] as string)).toBe(false);
    expect((await store.seen("another-feed", keys)).size).toBe(0);
    const marker = await db.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: feedEntriesPk("f1"), sk: feedEntrySk(entryHash(keys[0] as string)) },
      }),
    );
    expect(marker.Item).toMatchObject({ kind: "feed-entry", [TTL_ATTRIBUTE]: expiresAt, entry: keys[0] });
  });

  it("polls a feed into the table: articles stream to notify, feed items never do; a second poll stores nothing", async () => {
    server ??= await startFeedServer({ "/quay.xml": cacheable(QUAY_RSS, "application/rss+xml") });
    const endpoint = (moto as Moto).endpoint;
    const clientOptions = localClientOptions(endpoint);
    const stream = await (
      await DynamoStreamReader.forTable(clientOptions, tableName, new DynamoDBStreamsClient(clientOptions))
    ).start("TRIM_HORIZON");
    const handler = createPollFeedsHandler(
      pollFeedsDeps(
        {
          tableName,
          limits: DEFAULT_LIMITS,
          maxFeedBytes: DEFAULT_MAX_FEED_BYTES,
          concurrency: DEFAULT_FEED_CONCURRENCY,
        },
        db,
        {
          telemetry: createTelemetry("poll-feeds", { silent: true }),
          fetcher: new SafeFetcher({ allowLoopback: true }),
        },
      ),
    );
    const url = server.url("/quay.xml");
    await store.put({ url, everyMinutes: 15, fetch: "summary" }, NOW);
    const event = (time: string) => ({
      version: "0",
      source: "wirewatch.schedule",
      "detail-type": "Poll feeds",
      time,
      detail: {},
    });

    const first = await handler(event("2026-05-14T09:00:00Z"));
    expect(first.feeds).toMatchObject([{ url, status: "ok", stored: 2 }]);
    const records = await stream.take();
    const images = records.map((r) => `${r.eventName} ${r.dynamodb?.NewImage?.sk?.S?.replace(/#.*/, "#")}`);
    expect(images.filter((i) => i === "INSERT ARTICLE")).toHaveLength(2);
    expect(images.filter((i) => i === "INSERT ENTRY#")).toHaveLength(2);
    const forNotify = records.filter((r) => matchesEventPattern(NOTIFY_STREAM_FILTER, r));
    expect(forNotify.map((r) => r.dynamodb?.NewImage?.sk?.S)).toEqual(["ARTICLE", "ARTICLE"]);

    const state = await db.send(
      new GetCommand({ TableName: tableName, Key: { pk: FEEDS_PK, sk: feedSk(feedIdOf(url)) } }),
    );
    expect(state.Item).toMatchObject({
      lastSuccessAt: "2026-05-14T09:00:00.000Z",
      nextPollAt: "2026-05-14T09:15:00.000Z",
      consecutiveFailures: 0,
      etag: expect.any(String),
    });

    // Not due yet: nothing polled.
    expect((await handler(event("2026-05-14T09:10:00Z"))).feeds).toEqual([]);
    // Due: a conditional GET answered 304; nothing new in the table or on the stream's article records.
    const again = await handler(event("2026-05-14T09:20:00Z"));
    expect(again.feeds).toMatchObject([{ url, status: "not_modified", stored: 0 }]);
    expect((await stream.take()).filter((r) => matchesEventPattern(NOTIFY_STREAM_FILTER, r))).toEqual([]);
  });
});
