/**
 * Feed parsing at its edges, on feeds we wrote: where an entry's link comes from in each format (RSS guid
 * permalinks, atom:link in RSS, Atom's alternate link and per-entry xml:base, JSON Feed's external_url), which
 * text is the content and which the summary, the date fallbacks, the key of an entry with neither guid nor link,
 * a JSON feed recognised without a content type, and the entry limit.
 */
import { describe, expect, it } from "vitest";
import { FeedFormatError, parseFeedDocument } from "../../../lambdas/core/feeds/parse-feed.ts";

const URL_ = "https://quay.test/feeds/news.xml";
const parse = (text: string | Buffer, options: { contentType?: string; maxEntries?: number } = {}) =>
  parseFeedDocument(typeof text === "string" ? Buffer.from(text) : text, { url: URL_, ...options });
const rss = (items: string, channel = "<title>Quay</title><link>https://quay.test/</link>") =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>${channel}${items}</channel></rss>`;
const atom = (entries: string, attrs = "") =>
  `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"${attrs}><title>Fen</title><id>urn:fen</id><updated>2026-05-01T00:00:00Z</updated>${entries}</feed>`;

describe("RSS entries", () => {
  it("takes a permalink guid as the link when there is no link, but not a guid marked as no permalink", () => {
    const feed = parse(
      rss(
        `<item><title>Permalink</title><guid>https://quay.test/news/1</guid></item>` +
          `<item><title>Not a permalink</title><guid isPermaLink="false">https://quay.test/news/2</guid></item>`,
      ),
    );
    expect(feed.entries[0]).toMatchObject({
      key: "https://quay.test/news/1",
      link: "https://quay.test/news/1",
    });
    expect(feed.entries[1]?.key).toBe("https://quay.test/news/2");
    expect(feed.entries[1]?.link).toBeUndefined();
  });

  it("takes an atom:link when the item has neither link nor guid", () => {
    const feed = parse(rss(`<item><title>Atom link</title><atom:link href="/news/3"/></item>`));
    expect(feed.entries[0]?.link).toBe("https://quay.test/news/3");
    expect(feed.entries[0]?.key).toBe("https://quay.test/news/3");
  });

  it("reads a plain-text description as text and one with markup or entities as HTML", () => {
    const feed = parse(
      rss(
        `<item><title>a</title><guid>a</guid><description>Buoy seven was moved north.</description></item>` +
          `<item><title>b</title><guid>b</guid><description>Tolls rose by a &lt;b&gt;tenth&lt;/b&gt;.</description></item>` +
          `<item><title>c</title><guid>c</guid><description>Fish &amp;amp; chips stall reopens.</description></item>`,
      ),
    );
    expect(feed.entries.map((e) => e.summary?.html)).toEqual([false, true, true]);
    expect(feed.entries[0]).not.toHaveProperty("content");
  });

  it("dates an item by dc:date when it has no pubDate, and leaves a date it cannot read out", () => {
    const feed = parse(
      rss(
        `<item><title>a</title><guid>a</guid><dc:date>2026-05-12T10:00:00Z</dc:date></item>` +
          `<item><title>b</title><guid>b</guid><pubDate>sometime in May</pubDate></item>`,
      ),
    );
    expect(feed.entries[0]?.publishedAt).toBe("2026-05-12T10:00:00.000Z");
    expect(feed.entries[1]).not.toHaveProperty("publishedAt");
  });

  it("keys an entry with neither guid nor link by its title, date and summary", () => {
    const feed = parse(
      rss(
        `<item><title>Notice</title><pubDate>Wed, 13 May 2026 06:30:00 GMT</pubDate><description>Buoy seven moved.</description></item>` +
          `<item><title>Notice</title><pubDate>Wed, 13 May 2026 06:30:00 GMT</pubDate><description>Buoy eight moved.</description></item>`,
      ),
    );
    expect(feed.entries.map((e) => e.key)).toEqual([
      "Notice|2026-05-13T06:30:00.000Z|Buoy seven moved.",
      "Notice|2026-05-13T06:30:00.000Z|Buoy eight moved.",
    ]);
  });

  it("leaves out a title that is only blanks, and a feed title that is", () => {
    const feed = parse(
      rss(`<item><title>   </title><guid>g</guid></item>`, "<title> </title><link>https://q.test/</link>"),
    );
    expect(feed).not.toHaveProperty("title");
    expect(feed.entries[0]).not.toHaveProperty("title");
  });

  it("keeps at most the number of entries asked for", () => {
    const items = [1, 2, 3].map((i) => `<item><title>n${i}</title><guid>g${i}</guid></item>`).join("");
    expect(parse(rss(items), { maxEntries: 2 }).entries.map((e) => e.key)).toEqual(["g1", "g2"]);
    expect(parse(rss(items)).entries).toHaveLength(3);
  });

  it("resolves relative links against the feed's own URL, not the channel's link", () => {
    const feed = parse(
      rss(
        `<item><title>a</title><link>news/4</link></item>`,
        "<title>Q</title><link>https://elsewhere.test/</link>",
      ),
    );
    expect(feed.entries[0]?.link).toBe("https://quay.test/feeds/news/4");
  });
});

describe("Atom entries", () => {
  it("takes the alternate link, or a link without rel, before other links", () => {
    const feed = parse(
      atom(
        `<entry><title>a</title><id>a</id><link rel="enclosure" href="https://fen.test/a.mp3"/><link rel="alternate" href="https://fen.test/a"/></entry>` +
          `<entry><title>b</title><id>b</id><link rel="self" href="https://fen.test/b.atom"/><link href="https://fen.test/b"/></entry>` +
          `<entry><title>c</title><id>c</id><link rel="related" href="https://fen.test/c-related"/></entry>`,
      ),
    );
    expect(feed.entries.map((e) => e.link)).toEqual([
      "https://fen.test/a",
      "https://fen.test/b",
      "https://fen.test/c-related",
    ]);
  });

  it("resolves links against the entry's own xml:base", () => {
    const feed = parse(
      atom(
        `<entry xml:base="https://fen.test/2026/"><title>a</title><id>a</id><link href="flood-plan"/></entry>`,
      ),
    );
    expect(feed.entries[0]?.link).toBe("https://fen.test/2026/flood-plan");
  });

  it("keeps content and summary apart, as text or HTML by their type", () => {
    const feed = parse(
      atom(
        `<entry><title>a</title><id>a</id><summary>Short text.</summary><content type="html">&lt;p&gt;Long text.&lt;/p&gt;</content></entry>`,
      ),
    );
    expect(feed.entries[0]).toMatchObject({
      summary: { value: "Short text.", html: false },
      content: { value: "<p>Long text.</p>", html: true },
    });
  });

  it("dates an entry by updated when it has no published date", () => {
    const feed = parse(
      atom(`<entry><title>a</title><id>a</id><updated>2026-05-02T10:00:00Z</updated></entry>`),
    );
    expect(feed.entries[0]?.publishedAt).toBe("2026-05-02T10:00:00.000Z");
  });
});

describe("JSON Feed entries", () => {
  const json = (items: unknown[]) =>
    JSON.stringify({ version: "https://jsonfeed.org/version/1.1", title: "Dale", items });

  it("takes external_url without url, a numeric id as the key, HTML content first, and date_modified", () => {
    const feed = parse(
      json([
        {
          id: 17,
          external_url: "https://elsewhere.test/bridge",
          title: "Bridge",
          content_html: "<p>Reopened.</p>",
          content_text: "Reopened.",
          summary: "The bridge reopened.",
          date_modified: "2026-05-11T07:00:00Z",
        },
      ]),
      { contentType: "application/feed+json" },
    );
    expect(feed.entries[0]).toEqual({
      key: "17",
      title: "Bridge",
      link: "https://elsewhere.test/bridge",
      content: { value: "<p>Reopened.</p>", html: true },
      summary: { value: "The bridge reopened.", html: false },
      publishedAt: "2026-05-11T07:00:00.000Z",
    });
  });

  it("is recognised by its first character when served without a content type, after a byte order mark", () => {
    const body = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`  ${json([{ id: "x", content_text: "Plain text." }])}`),
    ]);
    const feed = parse(body);
    expect(feed.format).toBe("json");
    expect(feed.entries[0]?.content).toEqual({ value: "Plain text.", html: false });
  });

  it("names the problem of a JSON document that is not a feed", () => {
    expect(() => parse(JSON.stringify({ hello: "world" }), { contentType: "application/json" })).toThrow(
      FeedFormatError,
    );
    expect(() => parse(JSON.stringify({ hello: "world" }), { contentType: "application/json" })).toThrow(
      /^not a readable feed \(RSS, Atom, RDF or JSON Feed\): /,
    );
  });
});
