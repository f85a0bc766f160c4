/**
 * The poller handler with plain fakes for its ports: metrics named as agreed (ArticlesIngested with source=feed,
 * FeedsPolled, FeedPollFailures), a defect in one feed recorded on that feed while the others are polled, the
 * invocation's remaining time respected, and an unavailable store failing the invocation.
 */
import { describe, expect, it } from "vitest";
import { createTelemetry, type Telemetry } from "../../../lambdas/adapters/telemetry.ts";
import { UnavailableError } from "../../../lambdas/core/errors.ts";
import {
  type FeedDefinition,
  type FeedRecord,
  type FeedState,
  feedIdOf,
} from "../../../lambdas/core/feeds/feed.ts";
import { DEFAULT_POLL_LIMITS } from "../../../lambdas/core/feeds/poll.ts";
import type { FeedStore, Fetcher } from "../../../lambdas/core/feeds/ports.ts";
import type { ArticleStore } from "../../../lambdas/core/ports.ts";
import { MemoryStoryIndex } from "../../../lambdas/core/stories/memory-index.ts";
import { loadTagger } from "../../../lambdas/core/tagger/load.ts";
import { createPollFeedsHandler } from "../../../lambdas/poll-feeds/app.ts";
import { QUAY_RSS } from "../../support/feed-server.ts";
import { recordingArticleStore } from "../../support/recording-article-store.ts";

class MemoryFeeds implements FeedStore {
  feeds = new Map<string, FeedRecord>();
  seenKeys = new Set<string>();
  async list() {
    return [...this.feeds.values()];
  }
  async get(id: string) {
    return this.feeds.get(id);
  }
  async put(d: FeedDefinition, now: Date) {
    const id = feedIdOf(d.url);
    const record = { consecutiveFailures: 0, addedAt: now.toISOString(), ...this.feeds.get(id), ...d, id };
    this.feeds.set(id, record);
    return record;
  }
  async remove(id: string) {
    return this.feeds.delete(id);
  }
  async saveState(id: string, state: FeedState) {
    const f = this.feeds.get(id);
    if (f) this.feeds.set(id, { ...f, ...state });
  }
  async seen(feedId: string, keys: readonly string[]) {
    return new Set(keys.filter((k) => this.seenKeys.has(`${feedId}|${k}`)));
  }
  async markSeen(feedId: string, keys: readonly string[]) {
    for (const k of keys) this.seenKeys.add(`${feedId}|${k}`);
  }
}

function setup(options: { articles?: Partial<ArticleStore>; fetcher?: Fetcher } = {}) {
  const counts: string[] = [];
  const flushes: number[] = [];
  const base = createTelemetry("test", { silent: true });
  const telemetry: Telemetry = {
    logger: base.logger,
    count: (name, _value, dimension) =>
      void counts.push(dimension ? `${name}{${dimension.name}=${dimension.value}}` : name),
    flush: () => void flushes.push(1),
  };
  const { store, stored } = recordingArticleStore(options.articles);
  const fetcher: Fetcher = options.fetcher ?? {
    fetch: async (url) => {
      if (url.includes("verbose-crash")) throw new TypeError(`a defect ${"in detail ".repeat(100)}`);
      if (url.includes("crash")) throw new TypeError("a defect in a fetcher");
      if (url.includes("gone"))
        return {
          status: 500,
          url,
          headers: { "content-type": "text/plain" },
          body: Buffer.from("down"),
          redirects: [],
        };
      return {
        status: 200,
        url,
        headers: { "content-type": "application/rss+xml" },
        body: Buffer.from(QUAY_RSS),
        redirects: [],
      };
    },
  };
  const feeds = new MemoryFeeds();
  const handler = createPollFeedsHandler({
    store,
    stories: new MemoryStoryIndex(),
    feeds,
    fetcher,
    tagger: loadTagger(),
    now: () => new Date("2026-05-14T09:00:00Z"),
    limits: DEFAULT_POLL_LIMITS,
    concurrency: 2,
    telemetry,
  });
  return { handler, counts, stored, feeds, flushes };
}

const event = {
  version: "0",
  source: "wirewatch.schedule",
  "detail-type": "Poll feeds",
  time: "2026-05-14T09:00:00Z",
  detail: {},
};

describe("createPollFeedsHandler", () => {
  it("counts ArticlesIngested with source=feed, and each feed polled", async () => {
    const { handler, counts, feeds } = setup();
    await feeds.put({ url: "https://quay.test/rss", everyMinutes: 15, fetch: "summary" }, new Date());
    const result = await handler(event);
    expect(result.feeds[0]).toMatchObject({ status: "ok", stored: 2 });
    expect(counts.filter((c) => c === "ArticlesIngested{source=feed}")).toHaveLength(2);
    expect(counts).toContain("FeedsPolled");
    expect(counts).not.toContain("FeedPollFailures");
  });

  it("records a defect in one feed on that feed and still polls the others", async () => {
    const { handler, counts, feeds, stored } = setup();
    await feeds.put({ url: "https://crash.test/rss", everyMinutes: 15, fetch: "summary" }, new Date());
    await feeds.put({ url: "https://quay.test/rss", everyMinutes: 15, fetch: "summary" }, new Date());
    const result = await handler(event);
    expect(result.feeds.map((f) => f.status).sort()).toEqual(["failed", "ok"]);
    expect((await feeds.get(feedIdOf("https://crash.test/rss")))?.lastError?.message).toMatch(
      /internal error while polling: a defect/,
    );
    expect(counts).toContain("FeedPollFailures");
    expect(stored).toHaveLength(2);
  });

  it("postpones feeds when the invocation's remaining time is short", async () => {
    const { handler, feeds } = setup();
    await feeds.put({ url: "https://quay.test/rss", everyMinutes: 15, fetch: "summary" }, new Date());
    const result = await handler(event, { getRemainingTimeInMillis: () => 30_000 });
    expect(result).toMatchObject({ postponed: 1, feeds: [] });
  });

  it("fails the invocation when the article store is unavailable, without marking entries seen", async () => {
    const { handler, feeds } = setup({
      articles: {
        put: async () => {
          throw new UnavailableError("the article store is temporarily unavailable");
        },
      },
    });
    await feeds.put({ url: "https://quay.test/rss", everyMinutes: 15, fetch: "summary" }, new Date());
    await expect(handler(event)).rejects.toThrow(UnavailableError);
    expect(feeds.seenKeys.size).toBe(0);
  });
});

describe("createPollFeedsHandler: which feeds, when, and at what time", () => {
  it("refuses an event that is not a Poll feeds event", async () => {
    const { handler } = setup();
    await expect(handler({ ...event, "detail-type": "Send digest" })).rejects.toThrow(
      "not a wirewatch.schedule Poll feeds event",
    );
  });

  it("takes its time from the event, and from the clock when the event's time is not a date", async () => {
    const { handler } = setup();
    expect((await handler({ ...event, time: "2026-05-14T08:30:00Z" })).time).toBe("2026-05-14T08:30:00.000Z");
    expect((await handler({ ...event, time: "not a time" })).time).toBe("2026-05-14T09:00:00.000Z");
    const { time: _time, ...untimed } = event;
    expect((await handler(untimed)).time).toBe("2026-05-14T09:00:00.000Z");
  });

  it("polls only the feeds that are due, and a feed the event names even when it is not due", async () => {
    const { handler, feeds } = setup();
    const due = await feeds.put(
      { url: "https://quay.test/rss", everyMinutes: 15, fetch: "summary" },
      new Date(),
    );
    const later = await feeds.put(
      { url: "https://quay.test/later.rss", everyMinutes: 15, fetch: "summary" },
      new Date(),
    );
    await feeds.saveState(later.id, { ...later, nextPollAt: "2026-05-14T09:00:00.001Z" });
    await feeds.saveState(due.id, { ...due, nextPollAt: "2026-05-14T09:00:00.000Z" });
    const result = await handler(event);
    expect(result.feeds.map((f) => f.url)).toEqual(["https://quay.test/rss"]);
    const named = await handler({ ...event, detail: { feeds: [{ url: "https://quay.test/later.rss" }] } });
    expect(named.feeds.map((f) => f.url)).toEqual(["https://quay.test/later.rss"]);
  });

  it("starts a feed while the remaining time still covers its budget and 15 s, and postpones it from one ms less", async () => {
    const enough = DEFAULT_POLL_LIMITS.feedBudgetMs + 15_000;
    const a = setup();
    await a.feeds.put({ url: "https://quay.test/rss", everyMinutes: 15, fetch: "summary" }, new Date());
    expect(await a.handler(event, { getRemainingTimeInMillis: () => enough })).toMatchObject({
      postponed: 0,
    });
    const b = setup();
    await b.feeds.put({ url: "https://quay.test/rss", everyMinutes: 15, fetch: "summary" }, new Date());
    expect(await b.handler(event, { getRemainingTimeInMillis: () => enough - 1 })).toMatchObject({
      postponed: 1,
      feeds: [],
    });
  });

  it("keeps the feeds' order in its answer with several polled at once, each polled once", async () => {
    const { handler, feeds, counts } = setup();
    const urls = ["a", "b", "c", "d", "e"].map((n) => `https://quay.test/${n}.rss`);
    for (const url of urls) await feeds.put({ url, everyMinutes: 15, fetch: "summary" }, new Date());
    const result = await handler(event);
    expect(result.feeds.map((f) => f.url)).toEqual(urls);
    expect(counts.filter((c) => c === "FeedsPolled")).toHaveLength(5);
  });

  it("records a crashed poll on the feed: one more consecutive failure, the time, and the error", async () => {
    const { handler, feeds } = setup();
    const crash = await feeds.put(
      { url: "https://crash.test/rss", everyMinutes: 15, fetch: "summary" },
      new Date(),
    );
    await feeds.saveState(crash.id, { ...crash, consecutiveFailures: 2 });
    const result = await handler(event);
    expect(result.feeds[0]).toMatchObject({ status: "failed", stored: 0, items: [] });
    const saved = await feeds.get(crash.id);
    expect(saved).toMatchObject({
      consecutiveFailures: 3,
      lastPolledAt: "2026-05-14T09:00:00.000Z",
      lastError: {
        at: "2026-05-14T09:00:00.000Z",
        message: "internal error while polling: a defect in a fetcher",
      },
    });
  });
});

describe("createPollFeedsHandler: failures", () => {
  it("counts a feed whose server fails as polled and failed, and flushes once", async () => {
    const { handler, feeds, counts, flushes } = setup();
    await feeds.put({ url: "https://gone.test/rss", everyMinutes: 15, fetch: "summary" }, new Date());
    const result = await handler(event);
    expect(result.feeds[0]?.status).toBe("failed");
    expect(counts.filter((c) => c === "FeedsPolled")).toHaveLength(1);
    expect(counts.filter((c) => c === "FeedPollFailures")).toHaveLength(1);
    expect(flushes).toHaveLength(1);
  });

  it("keeps at most 500 characters of a crashed poll's error on the feed, and leaves its next poll unset", async () => {
    const { handler, feeds } = setup();
    const feed = await feeds.put(
      { url: "https://verbose-crash.test/rss", everyMinutes: 15, fetch: "summary" },
      new Date(),
    );
    const result = await handler(event);
    expect(result.feeds[0]).toMatchObject({ status: "failed", nextPollAt: "" });
    const message = (await feeds.get(feed.id))?.lastError?.message ?? "";
    expect(message).toHaveLength(500);
    expect(message.startsWith("internal error while polling: a defect in detail")).toBe(true);
  });
});
