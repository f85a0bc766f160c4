/**
 * The poller handler with plain fakes for its ports: metrics named as agreed (ArticlesIngested with source=feed,
 * FeedsPolled, FeedPollFailures), a defect in one feed recorded on that feed while the others are polled, the
 * invocation's remaining time respected, and an unavailable store failing the invocation.
 */
import { describe, expect, it } from "vitest";
import { createTelemetry, type Telemetry } from "../../../lambdas/adapters/telemetry.ts";
import type { TaggedArticle } from "../../../lambdas/core/article.ts";
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
import { loadTagger } from "../../../lambdas/core/tagger/load.ts";
import { createPollFeedsHandler } from "../../../lambdas/poll-feeds/app.ts";
import { QUAY_RSS } from "../../support/feed-server.ts";

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
  const base = createTelemetry("test", { silent: true });
  const telemetry: Telemetry = {
    logger: base.logger,
    count: (name, _value, dimension) =>
      void counts.push(dimension ? `${name}{${dimension.name}=${dimension.value}}` : name),
    flush: () => {},
  };
  const stored: TaggedArticle[] = [];
  const store: ArticleStore = {
    put: async (a) => {
      stored.push(a);
      return "created";
    },
    get: async () => undefined,
    queryByTopic: async () => [],
    alreadyAlerted: async () => new Set(),
    markAlerted: async () => {},
    ...options.articles,
  };
  const fetcher: Fetcher = options.fetcher ?? {
    fetch: async (url) => {
      if (url.includes("crash")) throw new TypeError("a defect in a fetcher");
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
    feeds,
    fetcher,
    tagger: loadTagger(),
    now: () => new Date("2026-05-14T09:00:00Z"),
    limits: DEFAULT_POLL_LIMITS,
    concurrency: 2,
    telemetry,
  });
  return { handler, counts, stored, feeds };
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
