import { createHash } from "node:crypto";
import type { Article, ArticleInput } from "../article.ts";
import { ValidationError } from "../errors.ts";

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ndash: "–",
  mdash: "—",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  hellip: "…",
  laquo: "«",
  raquo: "»",
  eacute: "é",
  aacute: "á",
  iacute: "í",
  oacute: "ó",
  uacute: "ú",
  ccaron: "č",
  scaron: "š",
  zcaron: "ž",
  rcaron: "ř",
  ecaron: "ě",
  uuml: "ü",
  ouml: "ö",
  auml: "ä",
  szlig: "ß",
  copy: "©",
};

function decodeEntity(entity: string, name: string): string {
  if (name.startsWith("#")) {
    const code =
      name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    if (Number.isInteger(code) && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) {
      return String.fromCodePoint(code);
    }
    return entity;
  }
  return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
}

export function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi, decodeEntity);
}

const DROP_WITH_CONTENT = /<(script|style|noscript|template|svg|head|iframe|object)\b[\s\S]*?<\/\1\s*>/gi;
const BLOCK_TAGS =
  /<\/?(p|div|br|hr|h[1-6]|li|ul|ol|tr|table|section|article|header|footer|blockquote|pre|figure|figcaption|aside|nav|main|dd|dt)\b[^>]*>/gi;

/** HTML to plain text: drops scripts, styles and comments, keeps paragraph breaks, decodes entities. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, "$1")
    .replace(DROP_WITH_CONTENT, " ")
    .replace(BLOCK_TAGS, "\n\n")
    .replace(/<\/?[a-z][^>]*>/gi, " ")
    .replace(/<[!?][^>]*>/g, " ");
  return normaliseText(decodeEntities(text));
}

// C0/C1 controls except tab and newlines, zero-width characters, BOM, lone surrogates.
const CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200D\u2060\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Canonical plain text: Unicode NFC, no control characters, single spaces within lines, paragraphs separated by
 * one blank line, trimmed. Idempotent: normaliseText(normaliseText(x)) === normaliseText(x).
 */
export function normaliseText(text: string): string {
  // NFC after removing controls: a removed joiner or lone surrogate can bring a letter and its combining mark together.
  return text
    .replace(/\r\n?/g, "\n")
    .replace(CONTROL, "")
    .normalize("NFC")
    .replace(/[\t\f\v\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g, " ")
    .split(/\n[ \n]*\n/)
    .map((paragraph) =>
      paragraph
        .split("\n")
        .map((line) => line.replace(/ {2,}/g, " ").trim())
        .filter(Boolean)
        .join("\n"),
    )
    .filter(Boolean)
    .join("\n\n")
    .trim();
}

function normaliseTitleOnce(title: string): string {
  return normaliseText(/<[a-z!/?][^>]*>/i.test(title) ? htmlToText(title) : decodeEntities(title))
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * A title: one line of plain text, markup and control characters removed. Decoding entities can reveal markup or
 * more entities ("&amp;lt;b&amp;gt;"), so this repeats until nothing changes: the result is a fixed point.
 */
export function normaliseTitle(title: string): string {
  let current = title;
  for (let round = 0; round < 8; round++) {
    const next = normaliseTitleOnce(current);
    if (next === current) break;
    current = next;
  }
  return current;
}

const TRACKING_PARAMS =
  /^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ref|ref_src|cmpid|ocid|_ga)$/i;

/**
 * Canonical URL: http(s) only, lower-case host without "www.", https, no fragment, no default port,
 * no tracking parameters, remaining parameters sorted, no trailing slash (except the root).
 */
export function canonicalUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ValidationError(`url is not a valid absolute URL: "${raw.slice(0, 80)}"`, {
      code: "invalid_url",
    });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ValidationError(`url must use http or https, not "${url.protocol.replace(/:$/, "")}"`, {
      code: "invalid_url",
    });
  }
  if (url.username || url.password) {
    throw new ValidationError("url must not contain credentials", { code: "invalid_url" });
  }
  url.protocol = "https:";
  url.hostname = url.hostname
    .toLowerCase()
    .replace(/^www\./, "")
    .replace(/\.$/, "");
  url.port = url.port === "80" || url.port === "443" ? "" : url.port;
  url.hash = "";
  const kept = [...url.searchParams.entries()].filter(([key]) => !TRACKING_PARAMS.test(key));
  kept.sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a < b ? -1 : 1));
  url.search = kept.length ? new URLSearchParams(kept).toString() : "";
  if (url.pathname.length > 1) url.pathname = url.pathname.replace(/\/+$/, "") || "/";
  return url.toString();
}

/** SHA-256 hex of the normalised title and text: the identity of an article whatever path it came by. */
export function contentHash(title: string, text: string): string {
  const folded = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();
  return createHash("sha256")
    .update(`${folded(title)}\n${folded(text)}`)
    .digest("hex");
}

/** Article ids are the first 32 hex digits (128 bits) of the content hash. */
export const articleIdFromHash = (hash: string) => hash.slice(0, 32);

function isoDateTime(value: string | undefined, fallback: Date): string {
  if (value === undefined) return fallback.toISOString();
  const trimmed = value.trim();
  // Date-only values are taken as midnight UTC.
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? new Date(`${trimmed}T00:00:00Z`) : new Date(trimmed);
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed) || Number.isNaN(parsed.getTime())) {
    throw new ValidationError(
      `publishedAt must be an ISO 8601 date or date-time, got "${trimmed.slice(0, 40)}"`,
      {
        code: "invalid_date",
      },
    );
  }
  return parsed.toISOString();
}

export const MIN_TEXT_CHARS = 20;

/**
 * Turns an input into a normalised article, or throws a ValidationError naming the problem.
 * Idempotent: normalising the fields of a normalised article yields the same article.
 */
export function normaliseArticle(input: ArticleInput, now: Date): Article {
  const title = normaliseTitle(input.title);
  if (!title)
    throw new ValidationError("title is empty after removing markup and whitespace", { code: "empty_title" });
  const rawBody = input.html !== undefined ? htmlToText(input.html) : normaliseText(input.body ?? "");
  if (rawBody.length < MIN_TEXT_CHARS) {
    throw new ValidationError(
      `${input.html !== undefined ? "html" : "body"} has ${rawBody.length} characters of text after normalisation; at least ${MIN_TEXT_CHARS} are needed`,
      { code: "empty_text", status: 422 },
    );
  }
  const hash = contentHash(title, rawBody);
  const article: Article = {
    id: articleIdFromHash(hash),
    contentHash: hash,
    title,
    text: rawBody,
    publishedAt: isoDateTime(input.publishedAt, now),
    ingestedAt: now.toISOString(),
  };
  if (input.url !== undefined) article.url = canonicalUrl(input.url);
  if (input.source !== undefined) {
    const source = normaliseTitle(input.source);
    if (source) article.source = source;
  }
  return article;
}
