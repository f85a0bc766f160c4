import { describe, expect, it } from "vitest";
import { FeedFormatError, parseFeedDocument } from "../../../lambdas/core/feeds/parse-feed.ts";

const parse = (text: string, url = "https://quay.test/feeds/news.xml", contentType?: string) =>
  parseFeedDocument(Buffer.from(text), { url, ...(contentType ? { contentType } : {}) });

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Quay News &amp; Notices</title><link>https://quay.test/</link>
<item><title>Profit &lt;5% at &lt;QNT&gt; as tolls rise</title><link>/news/tolls</link><guid isPermaLink="false">q-101</guid>
<description>&lt;p&gt;Tolls rose by a &lt;b&gt;tenth&lt;/b&gt;.&lt;/p&gt;</description>
<content:encoded><![CDATA[<p>The quay company said tolls rose by a tenth in the spring.</p><p>Traffic held steady.</p>]]></content:encoded>
<pubDate>Wed, 13 May 2026 06:30:00 GMT</pubDate></item>
<item><title>It&amp;#8217;s the ferry&amp;#8217;s last run</title><link>https://quay.test/news/ferry</link><dc:date>2026-05-12T10:00:00+02:00</dc:date><description>The old ferry makes its last crossing.</description></item>
<item><title>Notice to mariners</title><description>Buoy seven has been moved north by twenty metres.</description></item>
</channel></rss>`;

describe("parseFeedDocument", () => {
  it("reads RSS 2.0: titles as text, relative links made absolute, guid as the key, dates in ISO", () => {
    const feed = parse(RSS);
    expect(feed.format).toBe("rss");
    expect(feed.title).toBe("Quay News & Notices");
    const [tolls, ferry, notice] = feed.entries;
    expect(tolls).toMatchObject({
      key: "q-101",
      title: "Profit <5% at <QNT> as tolls rise",
      link: "https://quay.test/news/tolls",
      publishedAt: "2026-05-13T06:30:00.000Z",
      content: { html: true },
      summary: { html: true },
    });
    // A title entity-encoded twice (common in real feeds) is decoded once more.
    expect(ferry).toMatchObject({
      key: "https://quay.test/news/ferry",
      title: "It\u2019s the ferry\u2019s last run",
      publishedAt: "2026-05-12T08:00:00.000Z",
    });
    // No guid and no link: the key is made of what the entry has.
    expect(notice?.key).toContain("Notice to mariners");
    expect(notice?.link).toBeUndefined();
  });

  it("reads RSS 1.0 (RDF) with dc:date", () => {
    const feed =
      parse(`<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://moor.test/"><title>Moor Weekly</title><link>https://moor.test/</link></channel>
      <item rdf:about="https://moor.test/a/1"><title>Sheep fair returns</title><link>https://moor.test/a/1</link><description>The fair returns after two years.</description><dc:date>2026-05-10</dc:date></item></rdf:RDF>`);
    expect(feed.format).toBe("rdf");
    expect(feed.entries).toEqual([
      expect.objectContaining({
        key: "https://moor.test/a/1",
        title: "Sheep fair returns",
        link: "https://moor.test/a/1",
        publishedAt: "2026-05-10T00:00:00.000Z",
      }),
    ]);
  });

  it("reads Atom: HTML titles as text, xml:base for relative links, the id as the key", () => {
    const feed =
      parse(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://fen.test/blog/"><title>Fen Blog</title><id>urn:fen</id><updated>2026-05-01T00:00:00Z</updated>
      <entry><title type="html">Rates &amp;lt;b&amp;gt;rise&amp;lt;/b&amp;gt; &amp;amp; more</title><id>urn:fen:7</id><link rel="alternate" href="posts/7"/><published>2026-05-01T08:00:00Z</published>
      <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Banks <b>follow</b> the central bank.</p></div></content></entry></feed>`);
    expect(feed.format).toBe("atom");
    expect(feed.entries[0]).toMatchObject({
      key: "urn:fen:7",
      title: "Rates <b>rise</b> & more",
      link: "https://fen.test/blog/posts/7",
      publishedAt: "2026-05-01T08:00:00.000Z",
      content: { html: true },
    });
  });

  it("reads JSON Feed", () => {
    const feed = parse(
      JSON.stringify({
        version: "https://jsonfeed.org/version/1.1",
        title: "Dale Daily",
        home_page_url: "https://dale.test/",
        items: [
          {
            id: "d-1",
            url: "/stories/bridge",
            title: "Bridge reopens",
            content_text: "The bridge reopened on Monday after repairs.",
            date_published: "2026-05-11T07:00:00Z",
          },
        ],
      }),
      "https://dale.test/feed.json",
      "application/feed+json",
    );
    expect(feed.format).toBe("json");
    expect(feed.entries[0]).toMatchObject({
      key: "d-1",
      title: "Bridge reopens",
      link: "https://dale.test/stories/bridge",
      content: { html: false },
    });
  });

  it("drops links that are not http(s) (a javascript: link is not a page)", () => {
    const feed = parse(RSS.replace("/news/tolls", "javascript:alert(1)"));
    expect(feed.entries[0]?.link).toBeUndefined();
    expect(feed.entries[0]?.key).toBe("q-101");
  });

  it.each([
    [
      "an HTML page",
      "<!doctype html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>",
      /this is an HTML page, not a feed/,
    ],
    ["plain text", "Service temporarily unavailable", /not a readable feed/],
    ["an empty body", "   ", /the feed is empty/],
    ["truncated XML", RSS.slice(0, 400), /not a readable feed/],
    ["invalid JSON", '{"version": "https://jsonfeed.org/version/1.1", "items": [', /not valid JSON/],
    [
      "entity expansion (billion laughs)",
      `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><rss version="2.0"><channel><title>T</title><item><title>&b;</title></item></channel></rss>`,
      /declares XML entities/,
    ],
    [
      "an external entity (XXE)",
      `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>T</title><item><title>&x;</title></item></channel></rss>`,
      /declares XML entities/,
    ],
  ])("refuses %s with a clear message", (_name, text, message) => {
    expect(() => parse(text)).toThrow(FeedFormatError);
    expect(() => parse(text)).toThrow(message);
  });

  it("accepts an RSS 0.91 feed with its public DOCTYPE (no entities declared)", () => {
    const feed = parse(
      `<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>Old</title><link>https://old.test/</link><item><title>Lock gates repaired</title><link>https://old.test/1</link></item></channel></rss>`,
    );
    expect(feed.entries.map((e) => e.title)).toEqual(["Lock gates repaired"]);
  });
});
