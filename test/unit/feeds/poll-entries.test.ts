/**
 * What one polled entry becomes as an article (pollFeed with an in-memory feed store and a fetcher answering from
 * a table, as in poll.test.ts): an entry whose text is only a few words keeps its headline in the text, the
 * threshold for that, a headline made from the first sentence when the entry has none, and the entry's link and
 * date carried onto the article. Feeds written by us.
 */
import { describe, expect, it } from "vitest";
import type { FeedRecord, FeedState } from "../../../lambdas/core/feeds/feed.ts";
import { DEFAULT_POLL_LIMITS, pollFeed } from "../../../lambdas/core/feeds/poll.ts";
import type { FeedStore, FetchResponse } from "../../../lambdas/core/feeds/ports.ts";
import { MemoryStoryIndex } from "../../../lambdas/core/stories/memory-index.ts";
import { loadTagger } from "../../../lambdas/core/tagger/load.ts";
import { item, rss } from "../../support/feed-server.ts";
import { recordingArticleStore } from "../../support/recording-article-store.ts";

const NOW = new Date("2026-05-14T09:00:00.000Z");
const FEED_URL = "https://moor.test/feed.xml";
const tagger = loadTagger();

/** Polls a feed whose document is `body` once; returns the articles stored. */
async function pollOnce(body: string) {
  const { store, stored } = recordingArticleStore();
  const seen = new Set<string>();
  const feeds: FeedStore = {
    list: async () => [],
    get: async () => undefined,
    put: async () => {
      throw new Error("not used");
    },
    remove: async () => false,
    saveState: async (_id: string, _state: FeedState) => {},
    seen: async (_id, keys) => new Set(keys.filter((k) => seen.has(k))),
    markSeen: async (_id, keys) => {
      for (const k of keys) seen.add(k);
    },
  };
  const feed: FeedRecord = {
    id: "feed-moor",
    url: FEED_URL,
    everyMinutes: 15,
    fetch: "summary",
    addedAt: "2026-05-01T00:00:00.000Z",
    consecutiveFailures: 0,
  };
  const outcome = await pollFeed(feed, {
    store,
    stories: new MemoryStoryIndex(),
    tagger,
    now: () => NOW,
    feeds,
    limits: DEFAULT_POLL_LIMITS,
    fetcher: {
      fetch: async (url): Promise<FetchResponse> => ({
        status: 200,
        url,
        headers: { "content-type": "application/rss+xml" },
        redirects: [],
        body: new Uint8Array(Buffer.from(body)),
      }),
    },
  });
  return { outcome, stored };
}

describe("an entry's text", () => {
  it("keeps the headline in the text of an entry whose text is shorter than 20 characters", async () => {
    const { stored } = await pollOnce(
      rss("Moor", item({ title: "Moor road closed by snow", guid: "s1", description: "Photos." })),
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]?.title).toBe("Moor road closed by snow");
    expect(stored[0]?.text.startsWith("Moor road closed by snow")).toBe(true);
    expect(stored[0]?.text).toContain("Photos.");
  });

  it("stores a text of exactly 20 characters, or longer, as it is", async () => {
    const twenty = "Snow closes the road"; // 20 characters
    expect(twenty).toHaveLength(20);
    const longer = "Snow closed the moor road overnight and ploughs are out.";
    const { stored } = await pollOnce(
      rss(
        "Moor",
        item({ title: "Moor road closed", guid: "t20", description: twenty }) +
          item({ title: "Ploughs out on the moor", guid: "t56", description: longer }),
      ),
    );
    expect(stored.map((a) => a.text).sort()).toEqual([longer, twenty].sort());
  });
});

describe("an entry without a headline", () => {
  const sentence =
    "The council said on Wednesday that the moor road between the two villages would stay closed until the snow ploughs had cleared both lanes and the gritters had been";
  it("takes the first sentence, cut at a word before 150 characters with an ellipsis", async () => {
    const { stored } = await pollOnce(
      rss(
        "Moor",
        `<item><guid isPermaLink="false">n1</guid><description>${sentence} out twice. More later.</description></item>`,
      ),
    );
    const title = stored[0]?.title ?? "";
    expect(title.endsWith("…")).toBe(true);
    expect(title.length).toBeLessThanOrEqual(148);
    expect(sentence.startsWith(title.slice(0, -1))).toBe(true);
    // Cut at a word boundary: the character after the kept part is a space.
    expect(sentence[title.length - 1]).toBe(" ");
  });

  it("takes a first sentence of exactly 150 characters whole", async () => {
    const exact =
      `${"Snow on the moor road again ".repeat(5)}and then more snow fell overnight on the moor.`.slice(
        0,
        149,
      );
    const first = `${exact}.`;
    expect(first).toHaveLength(150);
    const { stored } = await pollOnce(
      rss(
        "Moor",
        `<item><guid isPermaLink="false">n2</guid><description>${first} Ploughs are out.</description></item>`,
      ),
    );
    expect(stored[0]?.title).toBe(first);
  });
});

describe("the entry's link and date", () => {
  it("become the article's url and publication time", async () => {
    const { stored } = await pollOnce(
      rss(
        "Moor",
        item({
          title: "Moor road reopens",
          link: "https://moor.test/news/road-reopens",
          guid: "l1",
          description: "The moor road reopened on Thursday morning after three days.",
          pubDate: "Thu, 14 May 2026 06:30:00 GMT",
        }),
      ),
    );
    expect(stored[0]).toMatchObject({
      url: "https://moor.test/news/road-reopens",
      publishedAt: "2026-05-14T06:30:00.000Z",
    });
  });
});
