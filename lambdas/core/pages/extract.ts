/**
 * A news page reduced to its article: Mozilla's Readability (the Firefox Reader View algorithm) finds the main
 * content on a linkedom DOM, so navigation, "most read" lists, related links, comments and footers are left out.
 * The title and the published time come from the page's metadata, which is more reliable than anything
 * inferred from the layout:
 *
 *   title      og:title, twitter:title, JSON-LD headline, then <title>; the site name is removed when it is known
 *              (og:site_name, JSON-LD publisher or WebSite name, application-name) or when one side of a
 *              " - " / " | " split is the page's <h1>
 *   published  JSON-LD datePublished, article:published_time (and its common aliases), itemprop=datePublished,
 *              then a <time datetime> marked as the publication time or inside the article
 *
 * Pure: no I/O. Measured on pages we wrote (scripts/page-extraction.ts).
 */
import { Readability } from "@mozilla/readability";
import { htmlToText } from "../text/html.ts";
import { normaliseText } from "../text/normalise-text.ts";
import { type DomNode, type HtmlDocument, parseHtmlDocument } from "./dom.ts";

export interface ExtractedPage {
  /** The headline, without the site name; undefined when the page states none. */
  title?: string;
  /** The article's text (paragraphs separated by blank lines), at most `maxTextChars`. */
  text: string;
  /** ISO 8601 publication time from the page's metadata, when it states one. */
  publishedAt?: string;
  siteName?: string;
  /** "article": Readability found the article; "page": it did not, and `text` is the whole page's text. */
  method: "article" | "page";
  /** True when the text was cut at `maxTextChars`. */
  truncated: boolean;
}

export interface ExtractOptions {
  /** The page's address, for resolving relative links (Readability uses it). */
  url?: string;
  /** Longest text kept; longer text is cut at a paragraph break. @default 100_000 */
  maxTextChars?: number;
}

type Element = DomNode & {
  getAttribute(name: string): string | null;
  querySelector(selector: string): Element | null;
  querySelectorAll(selector: string): ArrayLike<Element>;
  closest?(selector: string): Element | null;
};

const clean = (s: string | null | undefined) => (s ? normaliseText(s).replace(/\s+/g, " ").trim() : "");

function meta(doc: HtmlDocument, ...names: string[]): string | undefined {
  for (const name of names) {
    const el = (doc as unknown as Element).querySelector(
      `meta[property="${name}" i], meta[name="${name}" i], meta[itemprop="${name}" i]`,
    );
    const value = clean(el?.getAttribute("content"));
    if (value) return value;
  }
  return undefined;
}

interface JsonLdFacts {
  headline?: string;
  datePublished?: string;
  publisher?: string;
  website?: string;
}

const ARTICLE_TYPE =
  /(?:^|[^a-z])(?:article|newsarticle|reportage|analysisnewsarticle|blogposting|report|liveblogposting|opinionnewsarticle|webpage)$/i;

/** Facts from the page's JSON-LD blocks (arrays and @graph included); a broken block is ignored. */
function jsonLd(doc: HtmlDocument): JsonLdFacts {
  const facts: JsonLdFacts = {};
  const scripts = (doc as unknown as Element).querySelectorAll('script[type="application/ld+json" i]');
  for (let i = 0; i < scripts.length; i++) {
    let data: unknown;
    try {
      data = JSON.parse(scripts[i]?.textContent ?? "");
    } catch {
      continue;
    }
    const queue: unknown[] = [data];
    for (let seen = 0; queue.length > 0 && seen < 200; seen++) {
      const node = queue.shift();
      if (Array.isArray(node)) {
        queue.push(...node);
        continue;
      }
      if (!node || typeof node !== "object") continue;
      const o = node as Record<string, unknown>;
      if (Array.isArray(o["@graph"])) queue.push(...(o["@graph"] as unknown[]));
      const types = ([] as unknown[]).concat(o["@type"] ?? []).map(String);
      const name = (v: unknown) =>
        typeof v === "string"
          ? clean(v)
          : v && typeof v === "object"
            ? clean(String((v as { name?: unknown }).name ?? ""))
            : "";
      if (types.some((t) => ARTICLE_TYPE.test(t))) {
        if (!facts.headline && typeof o.headline === "string" && !/webpage$/i.test(types[0] ?? ""))
          facts.headline = clean(o.headline);
        if (!facts.datePublished && typeof o.datePublished === "string")
          facts.datePublished = o.datePublished.trim();
        const publisher = name(o.publisher);
        if (!facts.publisher && publisher) facts.publisher = publisher;
      }
      if (types.some((t) => /^(?:website|newsmediaorganization|organization)$/i.test(t)) && !facts.website) {
        const site = name(o.name);
        if (site) facts.website = site;
      }
    }
  }
  return facts;
}

const SEPARATORS = [" | ", " - ", " – ", " — ", " · ", " :: ", " » ", ": "];

const fold = (s: string) =>
  s
    .toLowerCase()
    .replace(/^the\s+/, "")
    .replace(/[^\p{L}\p{N}]+/gu, "");

/** Removes a known site name from either end of a title ("Headline - Site", "Site | Headline"). */
export function stripSiteName(
  title: string,
  siteNames: readonly string[],
  headings: readonly string[] = [],
): string {
  const names = siteNames.map(fold).filter(Boolean);
  const heads = headings.map(fold).filter(Boolean);
  for (const sep of SEPARATORS) {
    const at = title.lastIndexOf(sep);
    if (at > 0) {
      const [head, tail] = [title.slice(0, at).trim(), title.slice(at + sep.length).trim()];
      if (names.includes(fold(tail)) || (heads.includes(fold(head)) && !heads.includes(fold(title))))
        return head;
    }
    const first = title.indexOf(sep);
    if (first > 0) {
      const [head, tail] = [title.slice(0, first).trim(), title.slice(first + sep.length).trim()];
      if (names.includes(fold(head)) || (heads.includes(fold(tail)) && !heads.includes(fold(title))))
        return tail;
    }
  }
  return title;
}

function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00Z` : trimmed);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function publishedAt(doc: HtmlDocument, ld: JsonLdFacts): string | undefined {
  const root = doc as unknown as Element;
  const candidates = [
    ld.datePublished,
    meta(
      doc,
      "article:published_time",
      "og:article:published_time",
      "datePublished",
      "pubdate",
      "publishdate",
    ),
    meta(doc, "dc.date.issued", "dcterms.issued", "dc.date", "parsely-pub-date", "sailthru.date", "date"),
    root.querySelector('[itemprop="datePublished" i][datetime]')?.getAttribute("datetime"),
    root.querySelector("time[pubdate][datetime]")?.getAttribute("datetime"),
    root.querySelector("article time[datetime], main time[datetime]")?.getAttribute("datetime"),
  ];
  for (const c of candidates) {
    const iso = isoDate(c ?? undefined);
    if (iso) return iso;
  }
  return undefined;
}

function headline(doc: HtmlDocument, ld: JsonLdFacts): { title?: string; siteName?: string } {
  const root = doc as unknown as Element;
  const siteName = meta(doc, "og:site_name", "application-name") ?? ld.publisher ?? ld.website;
  const names = [siteName, ld.publisher, ld.website].filter((n): n is string => Boolean(n));
  const h1s: string[] = [];
  const h1Nodes = root.querySelectorAll("h1");
  for (let i = 0; i < Math.min(h1Nodes.length, 5); i++) {
    const text = clean(h1Nodes[i]?.textContent);
    if (text) h1s.push(text);
  }
  const titleTag = clean(root.querySelector("title")?.textContent);
  const raw = meta(doc, "og:title", "twitter:title") ?? ld.headline ?? (titleTag || undefined) ?? h1s[0];
  if (!raw) return siteName ? { siteName } : {};
  // The <title> often repeats the site name the headline lacks: a site name found there helps strip og:title too.
  let title = stripSiteName(raw, names, h1s);
  // "Headline | Section | Site": when the page's <h1> is the first part, the <h1> is the headline.
  const h1 = h1s.find((h) => SEPARATORS.some((sep) => title.startsWith(`${h}${sep}`)));
  if (h1) title = h1;
  return { title, ...(siteName ? { siteName } : {}) };
}

function cut(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  const at = text.lastIndexOf("\n\n", max);
  return { text: text.slice(0, at > max / 2 ? at : max).trim(), truncated: true };
}

/** Extracts the article of an HTML page: its text, headline, publication time and site name. */
export function extractArticle(html: string, options: ExtractOptions = {}): ExtractedPage {
  const maxTextChars = options.maxTextChars ?? 100_000;
  const doc = parseHtmlDocument(html);
  // Metadata first: Readability rewrites the document it reads.
  const ld = jsonLd(doc);
  const { title, siteName } = headline(doc, ld);
  const published = publishedAt(doc, ld);
  const pageText = () => htmlToText(html);
  let text = "";
  let method: ExtractedPage["method"] = "article";
  try {
    if (options.url) {
      const base = doc.createElement("base");
      base.setAttribute("href", options.url);
      doc.head?.appendChild(base);
    }
    const article = new Readability(doc as unknown as ConstructorParameters<typeof Readability>[0], {
      charThreshold: 200,
    }).parse();
    if (article?.content) text = htmlToText(article.content);
  } catch {
    // Readability gives up on some documents (no body, odd nesting): the whole page's text is the fallback.
  }
  if (text.length < 20) {
    text = pageText();
    method = "page";
  }
  const limited = cut(text, maxTextChars);
  return {
    ...(title ? { title } : {}),
    text: limited.text,
    ...(published ? { publishedAt: published } : {}),
    ...(siteName ? { siteName } : {}),
    method,
    truncated: limited.truncated,
  };
}
