/**
 * The feed store and the story store against a real in-process DynamoDB (dynalite) with the deployed table
 * layout: what a feed keeps across re-adds and polls, which entries count as seen (past the 100-key and 25-item
 * batch limits), the story item's conditional writes, and the LSH buckets a story is found by.
 */

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createArticlesTable,
  type EmbeddedDynamo,
  startEmbeddedDynamo,
} from "../../cli/local/embedded-dynamo.ts";
import { createDynamoClient, localClientOptions } from "../../lambdas/adapters/clients.ts";
import { type DocumentClient, GetCommand, ScanCommand } from "../../lambdas/adapters/dynamo-client.ts";
import { DynamoFeedStore, entryHash, feedItemKey } from "../../lambdas/adapters/dynamo-feed-store.ts";
import { DynamoStoryStore } from "../../lambdas/adapters/dynamo-story-store.ts";
import { UnavailableError } from "../../lambdas/core/errors.ts";
import { feedIdOf } from "../../lambdas/core/feeds/feed.ts";
import type { Story, StoryMember } from "../../lambdas/core/stories/story.ts";
import { holdBack } from "../support/hold-back.ts";
import { faults, injectFault } from "../support/moto-harness.ts";

let dynamo: EmbeddedDynamo;
let db: DocumentClient;
let table: string;
let tables = 0;

beforeAll(async () => {
  dynamo = await startEmbeddedDynamo();
});
afterAll(async () => {
  await dynamo?.stop();
});
beforeEach(async () => {
  table = `wirewatch-stores-${++tables}`;
  await createArticlesTable(dynamo.endpoint, table);
  // A client per test: the faults a test adds to its middleware stack end with it.
  db = createDynamoClient(localClientOptions(dynamo.endpoint, { maxAttempts: 1 }));
});

const scan = async () =>
  (await db.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? [];

const NOW = new Date("2026-05-14T09:00:00.000Z");
const LATER = new Date("2026-05-15T10:00:00.000Z");

describe("DynamoFeedStore", () => {
  it("adds a feed with no failures yet, and re-adding it changes its definition but keeps its state and date", async () => {
    const feeds = new DynamoFeedStore(db, table);
    const url = "https://quay.test/feed.xml";
    const added = await feeds.put({ url, everyMinutes: 15, fetch: "summary" }, NOW);
    expect(added).toEqual({
      id: feedIdOf(url),
      url,
      everyMinutes: 15,
      fetch: "summary",
      addedAt: NOW.toISOString(),
      consecutiveFailures: 0,
    });
    await feeds.saveState(added.id, {
      consecutiveFailures: 2,
      etag: '"e1"',
      nextPollAt: LATER.toISOString(),
    });
    const again = await feeds.put({ url, everyMinutes: 60, fetch: "page" }, LATER);
    expect(again).toMatchObject({
      everyMinutes: 60,
      fetch: "page",
      addedAt: NOW.toISOString(),
      consecutiveFailures: 2,
      etag: '"e1"',
    });
    expect(await feeds.get(added.id)).toEqual(again);
    expect(await feeds.list()).toEqual([again]);
  });

  it("lists every feed and nothing else of the table, without key attributes", async () => {
    const feeds = new DynamoFeedStore(db, table);
    const urls = ["https://a.test/rss", "https://b.test/rss", "https://c.test/rss"];
    for (const url of urls) await feeds.put({ url, everyMinutes: 15, fetch: "summary" }, NOW);
    await feeds.markSeen(feedIdOf(urls[0] as string), ["entry-1"], 1_900_000_000);
    const listed = await feeds.list();
    expect(listed.map((f) => f.url).sort()).toEqual(urls);
    for (const f of listed) {
      expect(f).not.toHaveProperty("pk");
      expect(f).not.toHaveProperty("sk");
      expect(f).not.toHaveProperty("kind");
    }
  });

  it("answers undefined for an unknown feed, and removes a feed once", async () => {
    const feeds = new DynamoFeedStore(db, table);
    expect(await feeds.get("0123456789abcdef")).toBeUndefined();
    const feed = await feeds.put({ url: "https://quay.test/rss", everyMinutes: 15, fetch: "summary" }, NOW);
    expect(await feeds.remove(feed.id)).toBe(true);
    expect(await feeds.remove(feed.id)).toBe(false);
    expect(await feeds.get(feed.id)).toBeUndefined();
    expect(await feeds.list()).toEqual([]);
  });

  it("saves the state it is given: fields left out are removed, the definition is untouched", async () => {
    const feeds = new DynamoFeedStore(db, table);
    const feed = await feeds.put({ url: "https://quay.test/rss", everyMinutes: 30, fetch: "page" }, NOW);
    await feeds.saveState(feed.id, {
      etag: '"v2"',
      lastModified: "Thu, 14 May 2026 08:00:00 GMT",
      title: "Quay News",
      lastPolledAt: NOW.toISOString(),
      consecutiveFailures: 1,
      lastError: { at: NOW.toISOString(), message: "HTTP 503" },
      nextPollAt: LATER.toISOString(),
    });
    await feeds.saveState(feed.id, {
      title: "Quay News",
      lastPolledAt: LATER.toISOString(),
      lastSuccessAt: LATER.toISOString(),
      consecutiveFailures: 0,
      lastStored: 0,
    });
    expect(await feeds.get(feed.id)).toEqual({
      id: feed.id,
      url: "https://quay.test/rss",
      everyMinutes: 30,
      fetch: "page",
      addedAt: NOW.toISOString(),
      title: "Quay News",
      lastPolledAt: LATER.toISOString(),
      lastSuccessAt: LATER.toISOString(),
      consecutiveFailures: 0,
      lastStored: 0,
    });
  });

  it("does not bring back a feed removed while it was being polled", async () => {
    const feeds = new DynamoFeedStore(db, table);
    const feed = await feeds.put({ url: "https://quay.test/rss", everyMinutes: 15, fetch: "summary" }, NOW);
    await feeds.remove(feed.id);
    await feeds.saveState(feed.id, { consecutiveFailures: 0, lastPolledAt: NOW.toISOString() });
    expect(await feeds.get(feed.id)).toBeUndefined();
    expect((await scan()).filter((i) => i.sk === feedItemKey(feed.id).sk)).toEqual([]);
  });

  it("remembers entries as seen per feed, past the batch limits, with their expiry", async () => {
    const feeds = new DynamoFeedStore(db, table);
    const keys = Array.from({ length: 130 }, (_, i) => `https://quay.test/story/${i}`);
    await feeds.markSeen("feed-a", keys.slice(0, 110), 1_900_000_000);
    const seen = await feeds.seen("feed-a", keys);
    expect([...seen].sort()).toEqual(keys.slice(0, 110).sort());
    expect((await feeds.seen("feed-b", keys)).size).toBe(0);
    const markers = (await scan()).filter((i) => i.kind === "feed-entry");
    expect(markers).toHaveLength(110);
    expect(markers.every((m) => m.expiresAt === 1_900_000_000 && m.pk === "FEED#feed-a")).toBe(true);
  });

  it("marks more than five chunks (125) of entries at once, and reads a repeated key once", async () => {
    // The first poll of a long feed: its own retry loop once counted every 25-item chunk as an attempt.
    const feeds = new DynamoFeedStore(db, table);
    const keys = Array.from({ length: 140 }, (_, i) => `https://quay.test/archive/${i}`);
    await feeds.markSeen("feed-a", keys, 1_900_000_000);
    expect((await scan()).filter((i) => i.kind === "feed-entry")).toHaveLength(140);
    const seen = await feeds.seen("feed-a", [...keys, keys[0] as string, "https://quay.test/new"]);
    expect(seen).toEqual(new Set(keys));
  });

  it("tells long entry keys apart by their hash, and keeps a readable cut of the key", async () => {
    const feeds = new DynamoFeedStore(db, table);
    const long = (end: string) => `tag:quay.test,2026:${"x".repeat(2_000)}${end}`;
    await feeds.markSeen("feed-a", [long("1")], 1_900_000_000);
    expect(await feeds.seen("feed-a", [long("1"), long("2")])).toEqual(new Set([long("1")]));
    const [marker] = (await scan()).filter((i) => i.kind === "feed-entry");
    expect(marker?.sk).toBe(`ENTRY#${entryHash(long("1"))}`);
    expect(String(marker?.entry)).toHaveLength(500);
    expect(entryHash(long("1"))).toMatch(/^[0-9a-f]{32}$/);
  });

  it("writes and reads again what a batch call left unprocessed", async () => {
    const feeds = new DynamoFeedStore(db, table);
    const keys = ["e1", "e2", "e3"];
    holdBack(db, table, "BatchWriteItemCommand", { times: 2 });
    await feeds.markSeen("feed-a", keys, 1_900_000_000);
    expect((await scan()).filter((i) => i.kind === "feed-entry")).toHaveLength(3);
    holdBack(db, table, "BatchGetItemCommand", { times: 2 });
    expect(await feeds.seen("feed-a", keys)).toEqual(new Set(keys));
  });

  it("fails as unavailable, rather than report entries unseen, when the table keeps refusing", async () => {
    const feeds = new DynamoFeedStore(db, table);
    await feeds.markSeen("feed-a", ["e1"], 1_900_000_000);
    holdBack(db, table, "BatchGetItemCommand", { times: 5 });
    await expect(feeds.seen("feed-a", ["e1", "e2"])).rejects.toBeInstanceOf(UnavailableError);
    holdBack(db, table, "BatchWriteItemCommand", { times: 5 });
    await expect(feeds.markSeen("feed-a", ["e2"], 1_900_000_000)).rejects.toBeInstanceOf(UnavailableError);
  });

  it("fails as unavailable when the table is throttled, and ignores nothing else", async () => {
    const feeds = new DynamoFeedStore(db, table);
    const feed = await feeds.put({ url: "https://quay.test/rss", everyMinutes: 15, fetch: "summary" }, NOW);
    injectFault(db, {
      commands: [
        "QueryCommand",
        "GetItemCommand",
        "UpdateItemCommand",
        "DeleteItemCommand",
        "BatchGetItemCommand",
        "BatchWriteItemCommand",
      ],
      error: faults.throttling,
    });
    await expect(feeds.list()).rejects.toBeInstanceOf(UnavailableError);
    await expect(feeds.get(feed.id)).rejects.toBeInstanceOf(UnavailableError);
    await expect(
      feeds.put({ url: "https://quay.test/rss", everyMinutes: 15, fetch: "summary" }, NOW),
    ).rejects.toBeInstanceOf(UnavailableError);
    await expect(feeds.remove(feed.id)).rejects.toBeInstanceOf(UnavailableError);
    await expect(feeds.saveState(feed.id, { consecutiveFailures: 0 })).rejects.toBeInstanceOf(
      UnavailableError,
    );
    await expect(feeds.seen(feed.id, ["e1"])).rejects.toBeInstanceOf(UnavailableError);
    await expect(feeds.markSeen(feed.id, ["e1"], 1_900_000_000)).rejects.toBeInstanceOf(UnavailableError);
  });
});

const member = (articleId: string, extra: Partial<StoryMember> = {}): StoryMember => ({
  articleId,
  publishedAt: "2026-05-14T08:00:00.000Z",
  source: `outlet-${articleId}`,
  topics: ["expulsions"],
  newTopics: ["expulsions"],
  ...extra,
});

const story = (storyId: string, firstPublishedAt = "2026-05-14T08:00:00.000Z"): Story => ({
  storyId,
  firstArticleId: storyId,
  title: "Valdoria expels four diplomats",
  url: "https://quay.test/valdoria",
  firstPublishedAt,
  latestPublishedAt: firstPublishedAt,
  topics: ["expulsions"],
  members: { [storyId]: member(storyId) },
  version: 1,
});

describe("DynamoStoryStore", () => {
  it("creates a story once and reads it back as it was written", async () => {
    const stories = new DynamoStoryStore(db, table);
    expect(await stories.createStory(story("s1"))).toBe("created");
    expect(await stories.createStory({ ...story("s1"), title: "Another title" })).toBe("exists");
    expect(await stories.getStory("s1")).toEqual(story("s1"));
    expect(await stories.getStory("s2")).toBeUndefined();
    expect(await stories.getStories(["s1", "s2", "s1"])).toEqual([story("s1")]);
  });

  it("adds a member only at the version it read and only once, updating topics, time and version", async () => {
    const stories = new DynamoStoryStore(db, table);
    await stories.createStory(story("s1"));
    const change = { topics: ["expulsions", "intelligence"], latestPublishedAt: "2026-05-14T10:00:00.000Z" };
    const copy = member("a2", { newTopics: ["intelligence"], topics: ["intelligence"] });
    expect(await stories.addMember("s1", copy, change, 2)).toBe("conflict");
    expect(await stories.addMember("s1", copy, change, 1)).toBe("added");
    expect(await stories.addMember("s1", copy, change, 2)).toBe("conflict");
    const stored = await stories.getStory("s1");
    expect(stored).toMatchObject({ version: 2, ...change });
    expect(stored?.members).toEqual({ s1: member("s1"), a2: copy });
  });

  it("finds a story by any of its bucket keys, once, with the time the window check needs", async () => {
    const stories = new DynamoStoryStore(db, table);
    await stories.addBuckets(story("s1"), ["0:aaaa", "1:bbbb"], 1_900_000_000);
    await stories.addBuckets(story("s2", "2026-05-13T07:00:00.000Z"), ["1:bbbb", "2:cccc"], 1_900_000_000);
    expect(await stories.candidates(["0:aaaa", "1:bbbb"])).toEqual([
      { storyId: "s1", firstPublishedAt: "2026-05-14T08:00:00.000Z" },
      { storyId: "s2", firstPublishedAt: "2026-05-13T07:00:00.000Z" },
    ]);
    expect(await stories.candidates(["2:cccc"], { consistent: false })).toEqual([
      { storyId: "s2", firstPublishedAt: "2026-05-13T07:00:00.000Z" },
    ]);
    expect(await stories.candidates(["9:ffff"])).toEqual([]);
    const buckets = (await scan()).filter((i) => i.kind === "lsh");
    expect(buckets).toHaveLength(4);
    expect(buckets.every((b) => b.expiresAt === 1_900_000_000)).toBe(true);
  });

  it("reads at most 25 stories from one bucket (a bucket shared by more is boilerplate)", async () => {
    const stories = new DynamoStoryStore(db, table);
    for (let i = 0; i < 30; i++) await stories.addBuckets(story(`s${i}`), ["0:boiler"], 1_900_000_000);
    expect(await stories.candidates(["0:boiler"])).toHaveLength(25);
  });

  it("fails as unavailable when the table is throttled, and never reports that as a conflict", async () => {
    const stories = new DynamoStoryStore(db, table);
    await stories.createStory(story("s1"));
    const fault = injectFault(db, {
      commands: [
        "GetItemCommand",
        "QueryCommand",
        "PutItemCommand",
        "UpdateItemCommand",
        "BatchWriteItemCommand",
      ],
      error: faults.throttling,
    });
    await expect(stories.getStory("s1")).rejects.toBeInstanceOf(UnavailableError);
    await expect(stories.candidates(["0:aaaa"])).rejects.toBeInstanceOf(UnavailableError);
    await expect(stories.createStory(story("s2"))).rejects.toBeInstanceOf(UnavailableError);
    await expect(
      stories.addMember("s1", member("a2"), { topics: [], latestPublishedAt: "2026-05-14T09:00:00.000Z" }, 1),
    ).rejects.toBeInstanceOf(UnavailableError);
    await expect(stories.addBuckets(story("s1"), ["0:aaaa"], 1)).rejects.toBeInstanceOf(UnavailableError);
    fault.clear();
    const stored = await db.send(new GetCommand({ TableName: table, Key: { pk: "STORY#s1", sk: "STORY" } }));
    expect(stored.Item?.version).toBe(1);
  });
});
