/**
 * Page metadata on the pages real sites publish, beyond the plain cases of extract-metadata.test.ts: a JSON-LD
 * graph that also describes images and organisations, blocks with nulls and nameless publishers, each of the
 * publication-time aliases CMSs use, site names spelt differently in the title, a logo <h1> without text, and the
 * HTML5 documents that omit <head>, <body> or <html> (or write `</head >`). All pages written by us.
 */
import { describe, expect, it } from "vitest";
import { parseHtmlDocument } from "../../../lambdas/core/pages/dom.ts";
import { extractArticle } from "../../../lambdas/core/pages/extract.ts";

const BODY = [
  "The river authority opened the new flood gates at Millbrook on Thursday, three months later than planned after a dispute with the contractor over the steel.",
  "The gates can hold back a surge two metres higher than the old ones, the authority said, and will be tested again before the winter storms.",
  "Residents of the lower town, flooded twice in five years, said they would believe it when the water stayed out.",
].map((p) => `<p>${p}</p>`);
const ARTICLE = `<article><h1>Flood gates open at Millbrook</h1>${BODY.join("")}</article>`;

const page = (head: string, body = ARTICLE) =>
  `<!doctype html><html lang="en"><head>${head}</head><body>${body}</body></html>`;
const ld = (data: unknown) => `<script type="application/ld+json">${JSON.stringify(data)}</script>`;

describe("JSON-LD as sites publish it", () => {
  it("takes the article's headline and date, not those of an image described before it in the graph", () => {
    const r = extractArticle(
      page(
        ld({
          "@graph": [
            { "@type": "ImageObject", headline: "The gates from the east bank", datePublished: "2019-03-01" },
            { "@type": "NewsArticle", headline: "Flood gates open", datePublished: "2026-06-04T09:30:00Z" },
          ],
        }),
      ),
    );
    expect(r.title).toBe("Flood gates open");
    expect(r.publishedAt).toBe("2026-06-04T09:30:00.000Z");
  });

  it("skips null entries in a JSON-LD array", () => {
    const r = extractArticle(
      page(ld([null, { "@type": "NewsArticle", headline: "Flood gates open", datePublished: "2026-06-04" }])),
    );
    expect(r).toMatchObject({ title: "Flood gates open", publishedAt: "2026-06-04T00:00:00.000Z" });
  });

  it("names no site when the article states no publisher, or a publisher without a name", () => {
    const none = extractArticle(page(ld({ "@type": "NewsArticle", headline: "Flood gates open" })));
    expect(none.title).toBe("Flood gates open");
    expect(none).not.toHaveProperty("siteName");
    const nameless = extractArticle(
      page(
        ld({ "@type": "NewsArticle", headline: "Flood gates open", publisher: { "@type": "Organization" } }),
      ),
    );
    expect(nameless).not.toHaveProperty("siteName");
  });

  it("does not take the name of the article, an untyped node or an organisation it is about for the site's", () => {
    const r = extractArticle(
      page(
        ld({
          "@graph": [
            { "@type": "NewsArticle", headline: "Flood gates open", name: "Flood gates open at Millbrook" },
            { "@id": "#author", name: "Dana Whitlow" },
            { "@type": "GovernmentOrganization", name: "Millbrook River Authority" },
          ],
        }),
      ),
    );
    expect(r.title).toBe("Flood gates open");
    expect(r).not.toHaveProperty("siteName");
  });

  it("takes the site name from a WebSite node that comes after other nodes", () => {
    const r = extractArticle(
      page(
        `<title>Flood gates open | Valley Courier</title>${ld({
          "@graph": [
            { "@type": "NewsArticle", headline: "Flood gates open | Valley Courier" },
            { "@type": "WebSite", name: "Valley Courier" },
          ],
        })}`,
      ),
    );
    expect(r).toMatchObject({ title: "Flood gates open", siteName: "Valley Courier" });
  });

  it("reads at most 200 nodes of one block (a bound on the work a hostile page can ask for)", () => {
    // The block's array is node 1; its element k is node k + 2 of the walk.
    const filler = (n: number) => Array.from({ length: n }, (_, i) => ({ "@type": "Thing", name: `n${i}` }));
    const at = (index: number) =>
      extractArticle(
        page(
          `<title>Title tag</title>${ld([...filler(index), { "@type": "NewsArticle", headline: "Deep headline" }, ...filler(60)])}`,
        ),
      ).title;
    expect(at(198)).toBe("Deep headline");
    expect(at(199)).toBe("Title tag");
    expect(at(230)).toBe("Title tag");
  });
});

describe("the headline", () => {
  it("collapses line breaks and blank lines inside the title to single spaces", () => {
    expect(extractArticle(page("<title>Flood gates\n\nopen\n at Millbrook</title>")).title).toBe(
      "Flood gates open at Millbrook",
    );
  });

  it("removes the site name given by og:site_name even when the page has no <h1>", () => {
    const body = `<article>${BODY.join("")}</article>`;
    const r = extractArticle(
      page(
        `<title>Flood gates open | Valley Courier</title><meta property="og:site_name" content="Valley Courier">`,
        body,
      ),
    );
    expect(r).toMatchObject({ title: "Flood gates open", siteName: "Valley Courier" });
  });

  it("matches the site name whatever its spacing, hyphens or dots in the title", () => {
    const title = (site: string, inTitle: string) =>
      extractArticle(
        page(`<title>Flood gates open - ${inTitle}</title><meta property="og:site_name" content="${site}">`),
      ).title;
    expect(title("The Valley Courier", "ValleyCourier")).toBe("Flood gates open");
    expect(title("Valley-Courier", "Valley Courier")).toBe("Flood gates open");
    expect(title("valleycourier.example", "ValleyCourier.Example")).toBe("Flood gates open");
    expect(title("Valley Courier", "Hill Courier")).toBe("Flood gates open - Hill Courier");
  });

  it("takes the headline from the article's <h1> when a logo <h1> without text comes first", () => {
    const body = `<header><h1 class="logo"><img src="/logo.png" alt=""></h1></header><article><h1>Flood gates open at Millbrook</h1>${BODY.join("")}</article>`;
    const r = extractArticle(
      `<!doctype html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`,
    );
    expect(r.title).toBe("Flood gates open at Millbrook");
  });
});

describe("the publication time", () => {
  const when = (head: string, body?: string) => extractArticle(page(head, body)).publishedAt;

  it.each([
    "og:article:published_time",
    "pubdate",
    "publishdate",
    "dcterms.issued",
    "dc.date",
    "parsely-pub-date",
    "sailthru.date",
  ])("reads the %s meta tag", (name) => {
    expect(when(`<meta name="${name}" content="2026-06-04T09:30:00Z">`)).toBe("2026-06-04T09:30:00.000Z");
  });

  it("reads an itemprop=datePublished element outside the article", () => {
    const body = `<header><span itemprop="datePublished" datetime="2026-06-03T18:00:00Z">Yesterday</span></header>${ARTICLE}`;
    expect(when("", body)).toBe("2026-06-03T18:00:00.000Z");
  });

  it("accepts a datetime attribute with spaces around the value", () => {
    const body = `<article><h1>Flood gates open</h1><time datetime=" 2026-06-04T09:30:00Z ">4 June</time>${BODY.join("")}</article>`;
    expect(when("", body)).toBe("2026-06-04T09:30:00.000Z");
  });

  it("refuses a value that does not begin with a full ISO date, for the next source", () => {
    const body = `<article><h1>Flood gates open</h1><time datetime="2026-06-02T07:00:00Z">2 June</time>${BODY.join("")}</article>`;
    expect(when(`<meta name="date" content="on 2026-06-05">`, body)).toBe("2026-06-02T07:00:00.000Z");
    expect(when(`<meta name="date" content="2026-06-5">`, body)).toBe("2026-06-02T07:00:00.000Z");
  });
});

describe("text", () => {
  it("leaves no trailing space when a cut falls right after a word", () => {
    const one = `<article><h1>Flood gates</h1><p>${"The gates held back the river. ".repeat(40)}</p></article>`;
    const r = extractArticle(page("", one), { maxTextChars: 300 });
    expect(r.truncated).toBe(true);
    expect(r.text).toBe(r.text.trimEnd());
    expect(r.text.length).toBeLessThanOrEqual(300);
  });
});

describe("parseHtmlDocument on documents that omit tags", () => {
  const shape = (html: string) => {
    const doc = parseHtmlDocument(html);
    return {
      lang: doc.documentElement.getAttribute("lang"),
      bodies: doc.querySelectorAll("body").length,
      roots: doc.querySelectorAll("html").length,
      bodyClass: doc.body?.getAttribute("class") ?? null,
      title: doc.title,
      paragraphs: doc.querySelectorAll("body p").length,
    };
  };

  it("keeps a complete document as it is: one <html>, one <body> with its attributes", () => {
    expect(
      shape(
        `<html lang="en"><head><title>T</title></head><body class="story"><p>A</p><p>B</p></body></html>`,
      ),
    ).toEqual({ lang: "en", bodies: 1, roots: 1, bodyClass: "story", title: "T", paragraphs: 2 });
    expect(shape(`<body class="story"><p>A</p><p>B</p></body>`)).toMatchObject({
      bodies: 1,
      roots: 1,
      bodyClass: "story",
      paragraphs: 2,
    });
  });

  it("opens the implied <body> after a </head > written with a space", () => {
    expect(shape(`<html lang="en"><head><title>T</title></head ><p>A</p><p>B</p></html>`)).toMatchObject({
      lang: "en",
      bodies: 1,
      title: "T",
      paragraphs: 2,
    });
  });

  it("opens the implied <body> inside an <html> with or without attributes", () => {
    expect(shape(`<html lang="en"><p>A</p><p>B</p></html>`)).toMatchObject({
      lang: "en",
      bodies: 1,
      roots: 1,
      paragraphs: 2,
    });
    expect(shape(`<html><p>A</p><p>B</p></html>`)).toMatchObject({ bodies: 1, roots: 1, paragraphs: 2 });
  });
});
