/**
 * Page metadata, on pages we wrote: which source gives the headline, the site name and the publication time when
 * several are present (and a broken or irrelevant JSON-LD block is ignored), how a title loses its site name from
 * either end, how a long article is cut, and how a document without <body> or <html> is still read.
 */
import { describe, expect, it } from "vitest";
import { parseHtmlDocument } from "../../../lambdas/core/pages/dom.ts";
import { extractArticle, stripSiteName } from "../../../lambdas/core/pages/extract.ts";

const BODY = [
  "The harbour board voted on Tuesday to dredge the inner basin before the summer season, ending a dispute that had kept larger ferries away from the quay for two years.",
  "Work is to start in June and last about six weeks, the board said, with the eastern berths closed while the dredgers are in the basin.",
  "Ferry operators welcomed the decision and said they expected to return to the quay in time for the August timetable.",
].map((p) => `<p>${p}</p>`);

const page = (head: string, body = `<article><h1>Dredging approved</h1>${BODY.join("")}</article>`) =>
  `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
const ld = (data: unknown) => `<script type="application/ld+json">${JSON.stringify(data)}</script>`;

describe("the headline", () => {
  it("prefers og:title to twitter:title, JSON-LD and <title>", () => {
    const r = extractArticle(
      page(
        `<title>Title tag</title><meta name="twitter:title" content="Twitter title"><meta property="og:title" content="OG title">${ld({ "@type": "NewsArticle", headline: "LD headline" })}`,
      ),
    );
    expect(r.title).toBe("OG title");
  });

  it("takes twitter:title, then the JSON-LD headline, then <title>, then the first <h1>", () => {
    expect(
      extractArticle(page(`<title>Title tag</title><meta name="twitter:title" content="Twitter title">`))
        .title,
    ).toBe("Twitter title");
    expect(
      extractArticle(
        page(`<title>Title tag</title>${ld({ "@type": "NewsArticle", headline: "LD headline" })}`),
      ).title,
    ).toBe("LD headline");
    expect(extractArticle(page(`<title>  Title   tag </title>`)).title).toBe("Title tag");
    expect(extractArticle(page("")).title).toBe("Dredging approved");
  });

  it("does not take a WebPage's headline for the article's", () => {
    const r = extractArticle(
      page(
        `<title>Title tag</title>${ld({ "@type": "WebPage", headline: "Section front", datePublished: "2026-05-12" })}`,
      ),
    );
    expect(r.title).toBe("Title tag");
    expect(r.publishedAt).toBe("2026-05-12T00:00:00.000Z");
  });

  it("has no title when the page states none, but still names the site", () => {
    const r = extractArticle(
      page(`<meta property="og:site_name" content="Quay Times">`, `<article>${BODY.join("")}</article>`),
    );
    expect(r).not.toHaveProperty("title");
    expect(r.siteName).toBe("Quay Times");
  });

  it("removes the site name the JSON-LD publisher or website gives", () => {
    const publisher = extractArticle(
      page(
        `<title>Dredging approved | Quay Times</title>${ld({ "@type": "NewsArticle", publisher: { "@type": "Organization", name: "Quay Times" } })}`,
      ),
    );
    expect(publisher).toMatchObject({ title: "Dredging approved", siteName: "Quay Times" });
    const website = extractArticle(
      page(
        `<title>Quay Times - Dredging approved</title>${ld({ "@graph": [{ "@type": "WebSite", name: "Quay Times" }] })}`,
      ),
    );
    expect(website).toMatchObject({ title: "Dredging approved", siteName: "Quay Times" });
    const named = extractArticle(
      page(
        `<title>Dredging approved · Quay Times</title>${ld({ "@type": "ReportageNewsArticle", publisher: "Quay Times" })}`,
      ),
    );
    expect(named.title).toBe("Dredging approved");
  });

  it("takes application-name as the site name when there is no og:site_name", () => {
    const r = extractArticle(
      page(
        `<title>Dredging approved :: Harbour Post</title><meta name="application-name" content="Harbour Post">`,
      ),
    );
    expect(r).toMatchObject({ title: "Dredging approved", siteName: "Harbour Post" });
  });

  it("reads JSON-LD in arrays and @graph, and skips a broken block", () => {
    const r = extractArticle(
      page(
        `<title>t</title><script type="application/ld+json">{ not json </script>${ld([{ "@type": ["Thing", "NewsArticle"], headline: "From the array", datePublished: " 2026-05-12T08:00:00+02:00 " }])}`,
      ),
    );
    expect(r.title).toBe("From the array");
    expect(r.publishedAt).toBe("2026-05-12T06:00:00.000Z");
  });

  it("takes the first article's facts when several blocks give them", () => {
    const r = extractArticle(
      page(
        `${ld({ "@type": "NewsArticle", headline: "First", datePublished: "2026-05-10T00:00:00Z", publisher: { name: "One" } })}${ld({ "@type": "NewsArticle", headline: "Second", datePublished: "2026-05-11T00:00:00Z", publisher: { name: "Two" } })}`,
      ),
    );
    expect(r).toMatchObject({ title: "First", publishedAt: "2026-05-10T00:00:00.000Z", siteName: "One" });
  });
});

describe("the publication time", () => {
  const when = (head: string, body?: string) => extractArticle(page(head, body)).publishedAt;

  it("prefers JSON-LD, then article:published_time, then Dublin Core and other meta names", () => {
    expect(
      when(
        `${ld({ "@type": "NewsArticle", datePublished: "2026-05-10T08:00:00Z" })}<meta property="article:published_time" content="2026-05-11T08:00:00Z">`,
      ),
    ).toBe("2026-05-10T08:00:00.000Z");
    expect(
      when(
        `<meta name="dc.date.issued" content="2026-05-12T08:00:00Z"><meta property="article:published_time" content="2026-05-11T08:00:00Z">`,
      ),
    ).toBe("2026-05-11T08:00:00.000Z");
    expect(when(`<meta name="DC.date.issued" content="2026-05-12T08:00:00Z">`)).toBe(
      "2026-05-12T08:00:00.000Z",
    );
    expect(when(`<meta itemprop="datePublished" content="2026-05-13">`)).toBe("2026-05-13T00:00:00.000Z");
  });

  it("falls back to a marked <time>, then a <time> inside the article", () => {
    const body = (times: string) => `<article><h1>Dredging approved</h1>${times}${BODY.join("")}</article>`;
    expect(
      when("", body(`<time itemprop="datePublished" datetime="2026-05-09T07:00:00Z">9 May</time>`)),
    ).toBe("2026-05-09T07:00:00.000Z");
    expect(when("", `<time pubdate datetime="2026-05-08T07:00:00Z">8 May</time>${body("")}`)).toBe(
      "2026-05-08T07:00:00.000Z",
    );
    expect(when("", body(`<time datetime="2026-05-07T07:00:00Z">7 May</time>`))).toBe(
      "2026-05-07T07:00:00.000Z",
    );
    expect(when("", `<time datetime="2026-05-07T07:00:00Z">7 May</time>${body("")}`)).toBeUndefined();
  });

  it("skips a value that is not an ISO date for the next source", () => {
    expect(
      when(
        `<meta property="article:published_time" content="Tuesday morning"><meta name="pubdate" content="2026-13-45T99:00:00Z"><meta name="date" content="2026-05-06T10:00:00Z">`,
      ),
    ).toBe("2026-05-06T10:00:00.000Z");
    expect(when(`<meta name="date" content="12 May 2026">`)).toBeUndefined();
  });
});

describe("stripSiteName", () => {
  it.each([
    ["Quay Times | Dredging approved", ["Quay Times"], [], "Dredging approved"],
    ["The Quay Times » Dredging approved", ["Quay Times"], [], "Dredging approved"],
    ["Dredging approved - Quay Times - Quay Times", ["Quay Times"], [], "Dredging approved - Quay Times"],
    ["Quay Times — Dredging approved", [], ["Dredging approved"], "Dredging approved"],
    ["Dredging approved", ["Dredging approved"], [], "Dredging approved"],
    ["- Dredging approved", ["Dredging approved"], [], "- Dredging approved"],
  ])("%s -> %s", (title, sites, headings, expected) => {
    expect(stripSiteName(title, sites, headings)).toBe(expected);
  });

  it("keeps a title whose <h1> is the whole title, separators included", () => {
    expect(stripSiteName("Tolls - and taxes", [], ["Tolls - and taxes", "Tolls"])).toBe("Tolls - and taxes");
    expect(stripSiteName("and taxes - Tolls", [], ["and taxes - Tolls", "Tolls"])).toBe("and taxes - Tolls");
  });
});

describe("text", () => {
  it("cuts a long article at the last paragraph break past half the limit", () => {
    // Paragraph breaks at 17, 185 and 321 of 439 characters.
    const r = extractArticle(page(""), { maxTextChars: 300 });
    expect(r.truncated).toBe(true);
    expect(r.text.endsWith("quay for two years.")).toBe(true);
    expect(r.text.length).toBe(185);
    // A break at exactly half the limit is too early: the text is cut at the limit.
    const half = extractArticle(page(""), { maxTextChars: 34 });
    expect(half.text).toBe("Dredging approved\n\nThe harbour boa");
    expect(extractArticle(page(""), { maxTextChars: 439 }).truncated).toBe(false);
    expect(extractArticle(page(""), { maxTextChars: 438 }).truncated).toBe(true);
  });

  it("cuts at the limit itself when the only paragraph break is early", () => {
    const one = `<article><h1>Dredging approved</h1><p>Short opening line here.</p><p>${"A long paragraph about the dredging of the basin. ".repeat(20)}</p></article>`;
    const r = extractArticle(page("", one), { maxTextChars: 400 });
    expect(r.truncated).toBe(true);
    expect(r.text.length).toBe(400);
  });

  it("resolves the article's relative links against the page's address", () => {
    const withLink = `<article><h1>Dredging approved</h1>${BODY.join("")}<p>Read the <a href="/board/minutes">minutes of the meeting</a> held on Tuesday evening at the harbour office.</p></article>`;
    const r = extractArticle(page("", withLink), { url: "https://quay.test/news/dredging" });
    expect(r.method).toBe("article");
    expect(r.text).toContain("minutes of the meeting");
  });
});

describe("parseHtmlDocument", () => {
  it("adds the <body> a document lacks after its <head> or <html>, or around a fragment", () => {
    const text = (html: string) => parseHtmlDocument(html).querySelector("body")?.textContent?.trim();
    expect(text("<html><head><title>t</title></head><p>after head</p></html>")).toBe("after head");
    expect(text(`<html lang="en"><p>after html</p></html>`)).toBe("after html");
    expect(text("<p>one</p><p>two</p>")).toBe("onetwo");
    expect(text("<html><body><p>as it is</p></body></html>")).toBe("as it is");
    expect(parseHtmlDocument("<body><p>x</p></body>").querySelector("html")).not.toBeNull();
  });
});
