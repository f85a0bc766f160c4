import type { ArticleInput } from "../article.ts";
import { ValidationError } from "../errors.ts";
import { decodeEntities, normaliseTitle } from "./normalise.ts";
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
 *   .html  title from <title> (or the first <h1>), the document as the HTML body
 *   .txt   the first non-empty line is the title, the rest the body
 */
export function parseObject(key: string, bytes: Uint8Array, limits: RequestLimits): ParsedRequest {
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
  const title =
    /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1] ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(text)?.[1];
  const cleanTitle = title ? normaliseTitle(decodeEntities(title)) : "";
  if (!cleanTitle)
    throw new ValidationError(`${key}: the HTML has no <title> or <h1>`, { code: "empty_title" });
  return { batch: false, items: [{ title: cleanTitle, html: text }] };
}
