import { createHash } from "node:crypto";
import type { Article, ArticleInput } from "../article.ts";
import { ValidationError } from "../errors.ts";
import { htmlToText } from "../text/html.ts";
import { normaliseText, normaliseTitle } from "../text/normalise-text.ts";

export { htmlToText, normaliseText, normaliseTitle };

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
