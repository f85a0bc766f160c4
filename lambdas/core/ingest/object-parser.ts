import type { ArticleInput } from "../article.ts";
import { ValidationError } from "../errors.ts";
import { extractArticle } from "../pages/extract.ts";
import { decodeDocument } from "../text/decode.ts";
import {
  decodeUtf8,
  jsonDepth,
  MAX_JSON_DEPTH,
  type ParsedRequest,
  parseIngestValue,
  type RequestLimits,
} from "./request.ts";

export const SUPPORTED_EXTENSIONS = [".txt", ".json", ".html", ".htm"] as const;

/**
 * Turns a dropped object into article inputs, by its extension:
 *   .json  one article object, an array, or {"articles": [...]} (the HTTP request format)
 *   .html  a page reduced to its article (lambdas/core/pages/extract.ts): the headline from its metadata, the
 *          article's text, the publication time when the page states one; decoded by its declared charset
 *   .txt   the first non-empty line is the title, the rest the body
 */
export function parseObject(
  key: string,
  bytes: Uint8Array,
  limits: RequestLimits & { maxTextChars?: number },
): ParsedRequest {
  const extension = /\.[a-z0-9]+$/i.exec(key)?.[0]?.toLowerCase();
  if (!extension || !(SUPPORTED_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new ValidationError(
      `${key}: unsupported file type; expected one of ${SUPPORTED_EXTENSIONS.join(", ")}`,
      {
        status: 415,
        code: "unsupported_media_type",
      },
    );
  }
  if (extension === ".html" || extension === ".htm") return parseHtmlPage(key, bytes, limits.maxTextChars);
  const text = decodeUtf8(bytes, key);
  if (text.trim().length === 0) throw new ValidationError(`${key} is empty`, { code: "empty_body" });
  if (extension === ".json") {
    if (jsonDepth(text) > MAX_JSON_DEPTH)
      throw new ValidationError(`${key} nests deeper than ${MAX_JSON_DEPTH} levels`, { code: "too_deep" });
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ValidationError(`${key} is not valid JSON (${(error as Error).message.slice(0, 100)})`, {
        code: "invalid_json",
      });
    }
    return parseIngestValue(value, limits);
  }
  if (extension === ".txt") {
    const [first = "", ...rest] = text.replace(/^\s+/, "").split(/\r?\n/);
    const input: ArticleInput = { title: first.trim(), body: rest.join("\n") };
    return { batch: false, items: [input] };
  }
  throw new ValidationError(`${key}: unsupported file type`, { status: 415, code: "unsupported_media_type" });
}

/** An HTML page, as S3 drops and fetched feed pages both take it: the article, its headline and its date. */
export function parseHtmlPage(key: string, bytes: Uint8Array, maxTextChars?: number): ParsedRequest {
  const { text } = decodeDocument(bytes, { kind: "html", what: key });
  if (text.trim().length === 0) throw new ValidationError(`${key} is empty`, { code: "empty_body" });
  const page = extractArticle(text, maxTextChars ? { maxTextChars } : {});
  if (!page.title)
    throw new ValidationError(
      `${key}: the HTML has no <title> or <h1> (nor og:title or a JSON-LD headline)`,
      {
        code: "empty_title",
      },
    );
  const input: ArticleInput = { title: page.title, body: page.text };
  if (page.publishedAt) input.publishedAt = page.publishedAt;
  return { batch: false, items: [input] };
}
