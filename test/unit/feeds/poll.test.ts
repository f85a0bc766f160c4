/**
 * Polling one feed (pollFeed) with an in-memory feed store and a fetcher that answers from a table of URLs (the
 * port's contract; the real fetcher has its own tests): the conditional GET, the state a success, a 304 and a
 * failure leave (backoff and Retry-After), which entries are taken and in what order, the limits per poll, and
 * how `--fetch page` falls back to the feed's text with a note saying why.
 */
import { describe, expect, it } from "vitest";
import type { FeedDefinition, FeedRecord, FeedState } from "../../../lambdas/core/feeds/feed.ts";
import { DEFAULT_POLL_LIMITS, type PollLimits, pollFeed } from "../../../lambdas/core/feeds/poll.ts";
import {
  type FeedStore,
  FetchError,
  type FetchRequest,
  type FetchResponse,
} from "../../../lambdas/core/feeds/ports.ts";
import { MemoryStoryIndex } from "../../../lambdas/core/stories/memory-index.ts";
import { loadTagger } from "../../../lambdas/core/tagger/load.ts";
import { fixturePage, item, QUAY_RSS, rss } from "../../support/feed-server.ts";
import { recordingArticleStore } from "../../support/recording-article-store.ts";

const NOW = new Date("2026-05-14T09:00:00.000Z");
const FEED_URL = "https://quay.test/feed.xml";
const tagger = loadTagger();

type Answer = (Partial<Omit<FetchResponse, "body">> & { body?: string | Buffer }) | Error;

class Feeds implements FeedStore {
  states = new Map<string, FeedState>();
  marked: { key: string; expiresAt: number }[] = [];
  seenKeys = new Set<string>();
  async list() {
    return [];
  }
  async get() {
    return undefined;
  }
  async put(_d: FeedDefinition): Promise<FeedRecord> {
    throw new Error("not used");
  }
  async remove() {
    return false;
  }
  async saveState(id: string, state: FeedState) {
    this.states.set(id, state);
  }
  async seen(_feedId: string, keys: readonly string[]) {
    return new Set(keys.filter((k) => this.seenKeys.has(k)));
  }
  async markSeen(_feedId: string, keys: readonly string[], expiresAt: number) {
    for (const key of keys) {
      this.seenKeys.add(key);
      this.marked.push({ key, expiresAt });
    }
  }
}

function setup(
  answers: Record<string, Answer>,
  options: { limits?: Partial<PollLimits>; clock?: () => number; feed?: Partial<FeedRecord> } = {},
) {
  const requests: { url: string; request: FetchRequest }[] = [];
  const { store, stored } = recordingArticleStore();
  const feeds = new Feeds();
  const feed: FeedRecord = {
    id: "feed-1",
    url: FEED_URL,
    everyMinutes: 15,
    fetch: "summary",
    addedAt: "2026-05-01T00:00:00.000Z",
    consecutiveFailures: 0,
    ...options.feed,
  };
  const deps = {
    store,
    stories: new MemoryStoryIndex(),
    tagger,
    now: () => NOW,
    feeds,
    limits: { ...DEFAULT_POLL_LIMITS, ...options.limits },
    ...(options.clock ? { clock: options.clock } : {}),
    fetcher: {
      fetch: async (url: string, request: FetchRequest): Promise<FetchResponse> => {
        requests.push({ url, request });
        const answer = answers[url];
        if (!answer) throw new FetchError("network", `${url}: no route in this test`);
        if (answer instanceof Error) throw answer;
        const body = answer.body ?? "";
        return {
          status: 200,
          url,
          headers: {},
          redirects: [],
          ...answer,
          body: new Uint8Array(Buffer.from(body)),
        };
      },
    },
  };
  return { poll: () => pollFeed(feed, deps), requests, stored, feeds, feed };
}

const RSS = { "content-type": "application/rss+xml" };
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000).toISOString();

describe("the conditional GET", () => {
  it("sends the validators the feed kept, asks for feed formats, and applies the feed limits", async () => {
    const { poll, requests } = setup(
      { [FEED_URL]: { status: 304 } },
      { feed: { etag: '"v7"', lastModified: "Wed, 13 May 2026 08:00:00 GMT" } },
    );
    await poll();
    const [sent] = requests;
    expect(sent?.request.headers).toMatchObject({
      "if-none-match": '"v7"',
      "if-modified-since": "Wed, 13 May 2026 08:00:00 GMT",
    });
    expect(sent?.request.headers?.accept).toMatch(/^application\/rss\+xml, application\/atom\+xml/);
    expect(sent?.request.maxBytes).toBe(DEFAULT_POLL_LIMITS.maxFeedBytes);
    expect(sent?.request.timeoutMs).toBe(DEFAULT_POLL_LIMITS.feedTimeoutMs);
  });

  it("sends no validators for a feed that has none", async () => {
    const { poll, requests } = setup({ [FEED_URL]: { status: 304 } });
    await poll();
    expect(Object.keys(requests[0]?.request.headers ?? {})).toEqual(["accept"]);
  });

  it("on 304 resets the failures, keeps the validators and is due again after its interval", async () => {
    const { poll, feeds } = setup(
      { [FEED_URL]: { status: 304 } },
      {
        feed: {
          etag: '"v7"',
          title: "Quay Authority News",
          consecutiveFailures: 3,
          lastError: { at: "2026-05-13T09:00:00.000Z", message: "HTTP 503" },
          lastStored: 4,
        },
      },
    );
    const outcome = await poll();
    expect(outcome).toMatchObject({ status: "not_modified", stored: 0, nextPollAt: minutes(15) });
    expect(feeds.states.get("feed-1")).toEqual({
      etag: '"v7"',
      title: "Quay Authority News",
      lastPolledAt: NOW.toISOString(),
      lastSuccessAt: NOW.toISOString(),
      consecutiveFailures: 0,
      nextPollAt: minutes(15),
      lastError: { at: "2026-05-13T09:00:00.000Z", message: "HTTP 503" },
      lastStored: 0,
    });
  });
});

describe("failures", () => {
  it("records an HTTP error with the URL, one more failure, and backs off", async () => {
    const { poll, feeds } = setup(
      { [FEED_URL]: { status: 500 } },
      { feed: { consecutiveFailures: 2, etag: '"v1"', lastSuccessAt: "2026-05-13T09:00:00.000Z" } },
    );
    const outcome = await poll();
    expect(outcome).toMatchObject({
      status: "failed",
      error: `HTTP 500 from ${FEED_URL}`,
      nextPollAt: minutes(60),
    });
    expect(feeds.states.get("feed-1")).toEqual({
      etag: '"v1"',
      lastSuccessAt: "2026-05-13T09:00:00.000Z",
      lastPolledAt: NOW.toISOString(),
      consecutiveFailures: 3,
      nextPollAt: minutes(60),
      lastError: { at: NOW.toISOString(), message: `HTTP 500 from ${FEED_URL}` },
    });
  });

  it("treats any status outside 2xx as a failure, a redirect left unfollowed included", async () => {
    for (const status of [300, 199, 404]) {
      const { poll } = setup({ [FEED_URL]: { status, body: QUAY_RSS, headers: RSS } });
      expect((await poll()).status).toBe("failed");
    }
    const { poll } = setup({ [FEED_URL]: { status: 299, body: QUAY_RSS, headers: RSS } });
    expect((await poll()).status).toBe("ok");
  });

  it.each([
    ["seconds", "7200", minutes(120)],
    ["an HTTP date", "Thu, 14 May 2026 10:30:00 GMT", minutes(90)],
    ["a date already past", "Thu, 14 May 2026 08:00:00 GMT", minutes(15)],
    ["something unreadable", "soon", minutes(15)],
    ["more than a day", "200000", minutes(24 * 60)],
  ])("honours a Retry-After given as %s", async (_kind, header, next) => {
    const { poll } = setup({ [FEED_URL]: { status: 503, headers: { "retry-after": header } } });
    expect((await poll()).nextPollAt).toBe(next);
  });

  it("records a failed fetch, cut to 500 characters, and lets any other error through", async () => {
    const long = new FetchError("network", `quay.test: ECONNRESET ${"socket hang up ".repeat(60)}`);
    const { poll, feeds } = setup({ [FEED_URL]: long });
    const outcome = await poll();
    expect(outcome.error).toBe(`fetch failed: ${long.message}`);
    expect(feeds.states.get("feed-1")?.lastError?.message).toBe(
      `fetch failed: ${long.message}`.slice(0, 500),
    );
    const crash = setup({ [FEED_URL]: new TypeError("a defect") });
    await expect(crash.poll()).rejects.toThrow(TypeError);
    expect(crash.feeds.states.size).toBe(0);
  });

  it("records a document that is not a feed by what is wrong with it", async () => {
    const { poll } = setup({ [FEED_URL]: { body: "   ", headers: RSS } });
    expect(await poll()).toMatchObject({ status: "failed", error: "the feed is empty" });
  });
});

describe("entries", () => {
  const three = rss(
    "Quay Authority News",
    item({
      title: "Newest: ferry timetable changes",
      guid: "e3",
      description: "The ferry timetable changes on Monday for the summer season.",
    }) +
      item({
        title: "Middle: tolls rise by a tenth",
        guid: "e2",
        description: "The quay company said tolls would rise by a tenth from June.",
      }) +
      item({
        title: "Middle: tolls rise by a tenth",
        guid: "e2",
        description: "The same entry repeated later in the document.",
      }) +
      item({
        title: "Oldest: harbour dredging begins",
        guid: "e1",
        description: "Dredging of the inner harbour began on Tuesday morning.",
      }),
  );

  it("stores the new entries once each, oldest first, and remembers them for the seen period", async () => {
    const { poll, stored, feeds } = setup({ [FEED_URL]: { body: three, headers: RSS } });
    feeds.seenKeys.add("e2");
    const outcome = await poll();
    expect(outcome).toMatchObject({ status: "ok", entries: 4, new: 2, deferred: 0, stored: 2, rejected: 0 });
    expect(stored.map((a) => a.title)).toEqual([
      "Oldest: harbour dredging begins",
      "Newest: ferry timetable changes",
    ]);
    expect(stored.every((a) => a.source === "Quay Authority News")).toBe(true);
    const expiresAt = Math.floor(NOW.getTime() / 1000) + DEFAULT_POLL_LIMITS.seenTtlDays * 86_400;
    expect(feeds.marked).toEqual([
      { key: "e1", expiresAt },
      { key: "e3", expiresAt },
    ]);
  });

  it("keeps the new validators and title after a complete poll, and is due after its interval", async () => {
    const { poll, feeds } = setup(
      {
        [FEED_URL]: {
          body: three,
          headers: { ...RSS, etag: '"v8"', "last-modified": "Thu, 14 May 2026 08:55:00 GMT" },
        },
      },
      { feed: { etag: '"v7"', consecutiveFailures: 2 } },
    );
    const outcome = await poll();
    expect(outcome.nextPollAt).toBe(minutes(15));
    expect(feeds.states.get("feed-1")).toMatchObject({
      etag: '"v8"',
      lastModified: "Thu, 14 May 2026 08:55:00 GMT",
      title: "Quay Authority News",
      consecutiveFailures: 0,
      lastSuccessAt: NOW.toISOString(),
      lastStored: 3,
    });
  });

  it("takes at most the per-poll limit, leaves the rest for a poll due at once, and drops the validators", async () => {
    const { poll, stored, feeds } = setup(
      { [FEED_URL]: { body: three, headers: { ...RSS, etag: '"v8"', "last-modified": "x" } } },
      { limits: { maxEntriesPerPoll: 1 }, feed: { etag: '"v7"', lastModified: "y" } },
    );
    const outcome = await poll();
    expect(outcome).toMatchObject({ new: 3, deferred: 2, stored: 1, nextPollAt: NOW.toISOString() });
    expect(stored.map((a) => a.title)).toEqual(["Newest: ferry timetable changes"]);
    const state = feeds.states.get("feed-1");
    expect(state).not.toHaveProperty("etag");
    expect(state).not.toHaveProperty("lastModified");
  });

  it("stops at the feed's time budget and counts what is left as deferred", async () => {
    let t = 0;
    const { poll, stored } = setup(
      { [FEED_URL]: { body: three, headers: RSS } },
      // Each reading of the clock moves it on 40 s: the budget of 60 s covers the first entry only.
      { clock: () => (t += 40_000), limits: { feedBudgetMs: 60_000 } },
    );
    const outcome = await poll();
    expect(stored).toHaveLength(1);
    expect(outcome).toMatchObject({ new: 3, stored: 1, deferred: 2, nextPollAt: NOW.toISOString() });
  });

  it("names the feed's host as the source of a feed without a title", async () => {
    const untitled = `<?xml version="1.0"?><rss version="2.0"><channel><link>https://quay.test/</link><description>d</description>${item({ title: "Harbour dredging begins", guid: "e1", description: "Dredging of the inner harbour began on Tuesday morning." })}</channel></rss>`;
    const { poll, stored } = setup({ [FEED_URL]: { body: untitled, headers: RSS } });
    await poll();
    expect(stored[0]?.source).toBe("quay.test");
  });

  it("refuses an entry with neither title nor text, and marks it seen so it is not tried again", async () => {
    const empty = rss("Quay", `<item><guid>blank-1</guid></item>`);
    const { poll, stored, feeds } = setup({ [FEED_URL]: { body: empty, headers: RSS } });
    const outcome = await poll();
    expect(outcome).toMatchObject({ stored: 0, rejected: 1 });
    expect(outcome.items[0]?.result).toEqual({ skipped: "the entry has neither a title nor any text" });
    expect(stored).toEqual([]);
    expect(feeds.seenKeys.has("blank-1")).toBe(true);
  });

  it("gives an entry without a title its text's first sentence, cut at a word within 150 characters", async () => {
    const long = `${"The harbour board met on Tuesday evening and agreed after a long debate ".repeat(3)}to dredge the inner basin. Work starts in June.`;
    const feed = rss(
      "Quay",
      `<item><guid>t1</guid><description>Ferry fares rise from June. The board agreed on Tuesday.</description></item><item><guid>t2</guid><description>${long}</description></item>`,
    );
    const { poll, stored } = setup({ [FEED_URL]: { body: feed, headers: RSS } });
    await poll();
    const titles = stored.map((a) => a.title);
    expect(titles).toContain("Ferry fares rise from June.");
    const cut = titles.find((t) => t.startsWith("The harbour board")) ?? "";
    expect(cut.endsWith("…")).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(148);
    expect(long.startsWith(cut.slice(0, -1))).toBe(true);
    expect(long[cut.length - 1]).toBe(" ");
  });
});

describe("--fetch page", () => {
  const PAGE = fixturePage("harbour-gazette-port-strike");
  const entry = (guid: string, link?: string, title = `Entry ${guid} about the port`) =>
    `<item>${title ? `<title>${title}</title>` : ""}${link ? `<link>${link}</link>` : ""}<guid isPermaLink="false">${guid}</guid><description>A short summary of the ${guid} story from the harbour.</description></item>`;
  const html = { "content-type": "text/html; charset=utf-8" };
  const pageFeed = (items: string) => ({ [FEED_URL]: { body: rss("Harbour Gazette", items), headers: RSS } });
  const note = async (answers: Record<string, Answer>, options = {}) => {
    const { poll } = setup(answers, { feed: { fetch: "page" }, ...options });
    return (await poll()).items.map((i) => [i.textFrom, i.note]);
  };

  it("stores the page's article, with the page's headline and date when the entry has none", async () => {
    const link = "https://gazette.test/strike";
    const { poll, stored, requests } = setup(
      { ...pageFeed(entry("p1", link, "")), [link]: { body: PAGE, headers: html } },
      { feed: { fetch: "page" } },
    );
    const outcome = await poll();
    expect(outcome.items[0]?.textFrom).toBe("page");
    expect(stored[0]?.text).toContain("more than nine hundred workers walked out");
    expect(stored[0]?.title).toBe("Dock workers walk out as pay talks collapse");
    expect(stored[0]?.publishedAt).toBe("2026-05-12T05:40:00.000Z");
    const page = requests.find((r) => r.url === link);
    expect(page?.request.headers?.accept).toMatch(/^text\/html/);
    expect(page?.request.maxBytes).toBe(DEFAULT_POLL_LIMITS.maxPageBytes);
    expect(page?.request.timeoutMs).toBe(DEFAULT_POLL_LIMITS.pageTimeoutMs);
  });

  it("keeps the entry's own headline over the page's", async () => {
    const link = "https://gazette.test/strike";
    const { poll, stored } = setup(
      { ...pageFeed(entry("p1", link, "Strike at the docks")), [link]: { body: PAGE, headers: html } },
      { feed: { fetch: "page" } },
    );
    await poll();
    expect(stored[0]?.title).toBe("Strike at the docks");
  });

  it.each([
    ["an HTTP error", { status: 500 }, "page not used (HTTP 500)"],
    [
      "a page that is not HTML",
      { body: "%PDF-1.7", headers: { "content-type": "application/pdf; x=1" } },
      "page not used (it is application/pdf, not HTML)",
    ],
    [
      "a page without an article",
      { body: "<html><body><p>Hi.</p></body></html>", headers: html },
      "page not used (no article found on it)",
    ],
    [
      "a failed fetch",
      new FetchError("timeout", "no complete answer within 10 ms"),
      "page not fetched (no complete answer within 10 ms)",
    ],
  ])("falls back to the summary on %s, saying why", async (_name, answer, why) => {
    const link = "https://gazette.test/p";
    expect(await note({ ...pageFeed(entry("p1", link)), [link]: answer as Answer })).toEqual([
      ["summary", `${why}; stored the feed's summary`],
    ]);
  });

  it("reads a page served without a content type", async () => {
    const link = "https://gazette.test/p";
    expect(await note({ ...pageFeed(entry("p1", link)), [link]: { body: PAGE } })).toEqual([
      ["page", undefined],
    ]);
  });

  it("says so when an entry has no link to fetch", async () => {
    expect(await note(pageFeed(entry("p1")))).toEqual([
      ["summary", "page not fetched (the entry has no link); stored the feed's text"],
    ]);
  });

  it("fetches at most the per-poll number of pages, the oldest entries first", async () => {
    const [a, b] = ["https://gazette.test/a", "https://gazette.test/b"];
    const answers = {
      ...pageFeed(entry("newer", b) + entry("older", a)),
      [a]: { body: PAGE, headers: html },
      [b]: { body: PAGE, headers: html },
    };
    expect(await note(answers, { limits: { maxPagesPerPoll: 1 } })).toEqual([
      ["page", undefined],
      ["summary", "page not fetched (at most 1 pages per poll); stored the feed's summary"],
    ]);
  });

  it("fetches no page once less than a second of the feed's budget is left", async () => {
    const link = "https://gazette.test/p";
    let t = 0;
    // The first readings set the deadline and pass the entry check; the page check then finds 999 ms left.
    const clock = () => [0, 0, 59_001][t++] ?? 59_001;
    expect(
      await note(
        { ...pageFeed(entry("p1", link)), [link]: { body: PAGE, headers: html } },
        {
          clock,
          limits: { feedBudgetMs: 60_000 },
        },
      ),
    ).toEqual([["summary", "page not fetched (the feed's time budget is spent); stored the feed's summary"]]);
  });

  it("gives the page at most the time left in the feed's budget", async () => {
    const link = "https://gazette.test/p";
    let t = 0;
    const clock = () => [0, 0, 55_000][t++] ?? 55_000;
    const { poll, requests } = setup(
      { ...pageFeed(entry("p1", link)), [link]: { body: PAGE, headers: html } },
      { feed: { fetch: "page" }, clock, limits: { feedBudgetMs: 60_000 } },
    );
    await poll();
    expect(requests.find((r) => r.url === link)?.request.timeoutMs).toBe(5_000);
  });

  it("keeps the feed's text when the page's article is shorter than it", async () => {
    const link = "https://gazette.test/p";
    const longSummary = "The harbour board agreed on Tuesday to dredge the inner basin this summer. ".repeat(
      5,
    );
    const feed = rss(
      "Gazette",
      `<item><title>Dredging</title><link>${link}</link><guid>d1</guid><description>${longSummary}</description></item>`,
    );
    const shortPage = `<html><head><title>Dredging</title></head><body><article><h1>Dredging</h1><p>${"The board agreed to dredge the basin. ".repeat(3)}</p></article></body></html>`;
    expect(
      await note({ [FEED_URL]: { body: feed, headers: RSS }, [link]: { body: shortPage, headers: html } }),
    ).toEqual([
      ["summary", "page not used (its article is shorter than the feed's text); stored the feed's summary"],
    ]);
  });
});
