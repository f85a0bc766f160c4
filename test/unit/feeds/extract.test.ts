/**
 * Pages reduced to the article, on pages we wrote (test/fixtures/web): every paragraph of the article is stored and
 * nothing of the navigation, "most read" list, related links, comments, newsletter box or footer is; the title is
 * the headline without the site name; the date comes from the page's metadata.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseHtmlPage } from "../../../lambdas/core/ingest/object-parser.ts";
import { extractArticle, stripSiteName } from "../../../lambdas/core/pages/extract.ts";
import { decodeDocument } from "../../../lambdas/core/text/decode.ts";

const DIR = join(import.meta.dirname, "../../fixtures/web");
const page = (name: string) =>
  decodeDocument(readFileSync(join(DIR, `${name}.html`)), { kind: "html", what: name }).text;
const article = (name: string) =>
  readFileSync(join(DIR, `${name}.article.txt`), "utf8")
    .trim()
    .split("\n");

const PAGES: { name: string; publishedAt: string | undefined; notStored: string[] }[] = [
  {
    name: "harbour-gazette-port-strike",
    publishedAt: "2026-05-12T05:40:00.000Z",
    notStored: [
      "Skip to content",
      "Puzzles",
      "Ferry delays expected after storm warning",
      "Subscribe today",
      "Share on social media",
      "Port handles record number of containers",
      "Council approves plans to expand the eastern terminal",
      "Historic lighthouse to reopen",
      "Rowing club celebrates",
      "Get the morning briefing",
      "Cookie settings",
      "All rights reserved",
    ],
  },
  {
    name: "valley-courier-water-rationing",
    publishedAt: "2026-05-13T17:05:00.000Z",
    notStored: [
      "E-edition",
      "Obituaries",
      "New bus timetable starts on Monday",
      "Market square resurfacing",
      "About time. My neighbour",
      "Thousands line the high street",
      "Hay prices climb",
      "Family-run garden centre",
      "weekly round-up",
      "Printed and published in the valley",
    ],
  },
  {
    name: "northern-ledger-envoys",
    publishedAt: "2026-05-14T09:20:00.000Z",
    notStored: [
      "We use cookies",
      "Letters",
      "Central bank leaves interest rates unchanged",
      "Island ferry service cut back",
      "Leaders agree on joint statement",
      "independent since 1898",
    ],
  },
];

describe.each(PAGES)("$name", ({ name, publishedAt, notStored }) => {
  const [headline, ...paragraphs] = article(name);
  const result = extractArticle(page(name));

  it("stores every paragraph of the article", () => {
    expect(result.method).toBe("article");
    for (const p of paragraphs) expect(result.text).toContain(p);
  });

  it("stores nothing of the navigation, lists of other stories, comments or footer", () => {
    for (const s of notStored) expect(result.text).not.toContain(s);
  });

  it("takes the headline without the site name, and the date from the metadata", () => {
    expect(result.title).toBe(headline);
    expect(result.publishedAt).toBe(publishedAt);
  });
});

describe("extractArticle", () => {
  it("keeps the text within the limit, cut at a paragraph break", () => {
    const result = extractArticle(page("harbour-gazette-port-strike"), { maxTextChars: 400 });
    expect(result.truncated).toBe(true);
    expect(result.text.length).toBeLessThanOrEqual(400);
    expect(result.text).toMatch(/early shift\.$/);
  });

  it("falls back to the whole text of a page without an article, and says so", () => {
    const result = extractArticle(
      "<html><head><title>Tide times</title></head><body><table><tr><td>High water 06:12</td></tr></table></body></html>",
    );
    expect(result.method).toBe("page");
    expect(result.text).toBe("High water 06:12");
    expect(result.title).toBe("Tide times");
  });

  it("takes the <h1> when the title is the headline followed by section and site", () => {
    const result = extractArticle(
      "<html><head><title>Pier reopens | Local news | The Coast Courier</title></head><body><h1>Pier reopens</h1><p>The pier reopened on Saturday after a winter of repairs to its deck and railings, the council said.</p></body></html>",
    );
    expect(result.title).toBe("Pier reopens");
  });

  it("copes with a fragment without <html> or <body>", () => {
    const result = extractArticle(
      "<title>Pier reopens</title><h1>Pier reopens</h1><p>The pier reopened on Saturday after a winter of repairs to its deck and railings, the council said.</p>",
    );
    expect(result.title).toBe("Pier reopens");
    expect(result.text).toContain("The pier reopened on Saturday");
  });
});

describe("stripSiteName", () => {
  it.each([
    ["Dock workers walk out - Harbour Gazette", ["Harbour Gazette"], [], "Dock workers walk out"],
    ["Dock workers walk out | The Harbour Gazette", ["Harbour Gazette"], [], "Dock workers walk out"],
    ["Harbour Gazette: Dock workers walk out", ["Harbour Gazette"], [], "Dock workers walk out"],
    ["Dock workers walk out – HG", [], ["Dock workers walk out"], "Dock workers walk out"],
    ["Rail fares rise - again", ["Harbour Gazette"], [], "Rail fares rise - again"],
    ["Who pays? Tolls - and taxes", [], [], "Who pays? Tolls - and taxes"],
  ])("%s -> %s", (title, sites, headings, expected) => {
    expect(stripSiteName(title, sites, headings)).toBe(expected);
  });
});

describe("S3 .html objects take the same path", () => {
  it("stores the article of a windows-1252 page with its headline and date", () => {
    const parsed = parseHtmlPage(
      "incoming/ledger.html",
      readFileSync(join(DIR, "northern-ledger-envoys.html")),
    );
    const [item] = parsed.items;
    expect(item).toMatchObject({
      title: "Ministry orders three envoys to leave within a week",
      publishedAt: "2026-05-14T09:20:00.000Z",
    });
    expect((item as { body: string }).body).toContain("\u201csufficient evidence\u201d");
    expect((item as { body: string }).body).not.toContain("Top stories");
  });
});
