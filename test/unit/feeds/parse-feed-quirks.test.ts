/**
 * Feed parsing on what real feeds do that parse-feed.test.ts and parse-feed-edges.test.ts leave out: titles
 * entity-encoded twice (numeric, hex and named), descriptions whose only markup is a `<br/>` or an entity, plain
 * http links, CDATA in the first bytes, JSON with leading blanks or padded values, encodings declared only by
 * the XML prolog or by the Content-Type, and the error code and message of each refusal. Feeds written by us.
 */
import { describe, expect, it } from "vitest";
import { FeedFormatError, parseFeedDocument } from "../../../lambdas/core/feeds/parse-feed.ts";

const URL_ = "https://fen.test/feeds/news.xml";
const parse = (text: string | Uint8Array, options: { contentType?: string } = {}) =>
  parseFeedDocument(typeof text === "string" ? Buffer.from(text) : text, { url: URL_, ...options });
const rss = (items: string, title = "<title>Fen Gazette</title>") =>
  `<?xml version="1.0"?><rss version="2.0"><channel>${title}<link>https://fen.test/</link>${items}</channel></rss>`;
const jsonFeed = (items: unknown[]) =>
  JSON.stringify({ version: "https://jsonfeed.org/version/1.1", title: "Fen", items });

/** The error a parse throws (fails the test when it does not throw). */
function refusal(run: () => unknown): FeedFormatError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FeedFormatError);
    return error as FeedFormatError;
  }
  throw new Error("expected the feed to be refused");
}

describe("titles", () => {
  it("decodes a title whose entities were encoded twice: hex, numeric and named", () => {
    const feed = parse(
      rss(
        "<item><title>Council&amp;#x2019;s vote</title><guid>a</guid></item>" +
          "<item><title>Council&amp;#8217;s vote</title><guid>b</guid></item>" +
          "<item><title>Ports &amp;amp; harbours</title><guid>c</guid></item>",
      ),
    );
    expect(feed.entries.map((e) => e.title)).toEqual([
      "Council\u2019s vote",
      "Council\u2019s vote",
      "Ports & harbours",
    ]);
  });

  it("makes a title written over several lines one line with single spaces", () => {
    const feed = parse(rss("<item><title>Storm\n\nwarning\n   for the coast</title><guid>a</guid></item>"));
    expect(feed.entries[0]?.title).toBe("Storm warning for the coast");
  });
});

describe("descriptions", () => {
  it("reads a description as HTML when its only markup is a <br/> or a numeric or hex entity", () => {
    const feed = parse(
      rss(
        "<item><title>a</title><guid>a</guid><description>Ferries late.&lt;br/&gt;More at noon.</description></item>" +
          "<item><title>b</title><guid>b</guid><description>It&amp;#8217;s late</description></item>" +
          "<item><title>c</title><guid>c</guid><description>It&amp;#x2019;s late</description></item>" +
          "<item><title>d</title><guid>d</guid><description>Late again, 40 minutes.</description></item>",
      ),
    );
    expect(feed.entries.map((e) => e.summary?.html)).toEqual([true, true, true, false]);
  });
});

describe("links", () => {
  it("keeps plain http links as well as https ones", () => {
    const feed = parse(
      rss(
        "<item><title>a</title><link>http://fen.test/old/1</link></item>" +
          "<item><title>b</title><link>https://fen.test/new/2</link></item>",
      ),
    );
    expect(feed.entries.map((e) => e.link)).toEqual(["http://fen.test/old/1", "https://fen.test/new/2"]);
  });
});

describe("JSON Feed values as servers send them", () => {
  it("is recognised without a content type when it starts with a newline and blanks", () => {
    const feed = parse(`\n   ${jsonFeed([{ id: "1", title: "Padded" }])}`);
    expect(feed.format).toBe("json");
    expect(feed.entries[0]?.title).toBe("Padded");
  });

  it("reads a date with blanks around it, and keys an item with a blank id or none by its url", () => {
    const feed = parse(
      jsonFeed([
        {
          id: "   ",
          url: "https://fen.test/j/1",
          title: "Blank id",
          date_published: " 2026-06-02T10:00:00Z ",
        },
        { url: "https://fen.test/j/2", title: "No id" },
      ]),
      { contentType: "application/feed+json" },
    );
    expect(feed.entries[0]).toMatchObject({
      key: "https://fen.test/j/1",
      publishedAt: "2026-06-02T10:00:00.000Z",
    });
    expect(feed.entries[1]?.key).toBe("https://fen.test/j/2");
  });

  it("says the JSON is broken when a JSON content type comes with a body that is not JSON", () => {
    const error = refusal(() => parse("this is not json at all", { contentType: "application/feed+json" }));
    expect(error.message).toMatch(/^the feed is not valid JSON \(/);
    expect(error.code).toBe("not_a_feed");
  });
});

describe("XML that is not JSON", () => {
  it("parses an RSS feed whose first bytes hold a CDATA section or a bracket", () => {
    const cdata = parse(
      `<?xml version="1.0"?><rss version="2.0"><channel><title><![CDATA[Fen [Gazette]]]></title><item><title>C</title><guid>c</guid></item></channel></rss>`,
    );
    expect(cdata).toMatchObject({ format: "rss", title: "Fen [Gazette]" });
    expect(cdata.entries[0]?.title).toBe("C");
  });
});

describe("encodings", () => {
  // windows-1251: Cyrillic А..я are the bytes 0xC0..0xFF.
  const cp1251 = (s: string) =>
    Buffer.from(
      [...s].map((c) => {
        const code = c.codePointAt(0) ?? 0;
        return code >= 0x410 && code <= 0x44f ? code - 0x410 + 0xc0 : code;
      }),
    );
  const headline = "Порт закрыт";

  it("decodes a feed by the encoding its XML prolog declares", () => {
    const bytes = cp1251(
      `<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>Fen</title><item><title>${headline}</title><guid>r</guid></item></channel></rss>`,
    );
    expect(parse(bytes).entries[0]?.title).toBe(headline);
  });

  it("decodes a feed by the charset of its Content-Type when the prolog declares none", () => {
    const bytes = cp1251(
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Fen</title><item><title>${headline}</title><guid>r</guid></item></channel></rss>`,
    );
    expect(parse(bytes, { contentType: "application/rss+xml; charset=windows-1251" }).entries[0]?.title).toBe(
      headline,
    );
  });

  it("refuses a feed with NUL bytes, naming the feed", () => {
    const bytes = Buffer.concat([Buffer.from(rss("<item><title>a</title></item>")), Buffer.from([0, 0, 0])]);
    expect(() => parse(bytes)).toThrow(/^the feed looks binary/);
  });
});

describe("refusals carry a code a caller can act on", () => {
  it("codes an empty feed, a feed that is not one and an HTML page as not_a_feed", () => {
    const empty = refusal(() => parse("   \n"));
    expect([empty.message, empty.code, empty.name]).toEqual([
      "the feed is empty",
      "not_a_feed",
      "FeedFormatError",
    ]);
    const other = refusal(() => parse("<error><reason>no such feed</reason></error>"));
    expect(other.message).toMatch(/^not a readable feed \(RSS, Atom, RDF or JSON Feed\): /);
    expect(other.code).toBe("not_a_feed");
    const html = refusal(() => parse("\n  <!doctype html><html><body><p>Front page</p></body></html>"));
    expect(html.message).toMatch(/^this is an HTML page, not a feed/);
    expect(html.code).toBe("not_a_feed");
  });

  it("codes a feed declaring entities as xml_entities", () => {
    const error = refusal(() =>
      parse(`<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x "y">]><rss version="2.0"><channel/></rss>`),
    );
    expect(error.code).toBe("xml_entities");
  });
});

describe("keys", () => {
  it("keys an item with only a title", () => {
    const feed = parse(rss("<item><title>Only a title</title></item>"));
    expect(feed.entries).toHaveLength(1);
    expect(feed.entries[0]?.key).toContain("Only a title");
  });
});
