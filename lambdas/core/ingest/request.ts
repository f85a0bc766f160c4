import { decodeHTML } from "entities";
import * as z from "zod";
import type { ArticleInput } from "../article.ts";
import { ValidationError } from "../errors.ts";

export interface RequestLimits {
  maxBodyBytes: number;
  maxBatchItems: number;
}

/** Deepest JSON nesting accepted ({"articles":[{...}]} is depth 3). */
export const MAX_JSON_DEPTH = 8;
export const MAX_TITLE_CHARS = 500;

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const MARKUP = /<\s*\/?\s*[a-z!?][^>]*>/i;

/** A line of text: a string, within its length, not empty. */
const anyLine = (field: string, max: number) =>
  z
    .string({
      error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be a string`),
    })
    .max(max, { error: `${field} is longer than ${max} characters` })
    .refine((s) => s.trim().length > 0, { error: `${field} is empty` });

/** One line of text without control characters: a label we choose (the source), not text an outlet wrote. */
const textLine = (field: string, max: number) =>
  anyLine(field, max).refine((s) => !CONTROL_CHARS.test(s), {
    error: `${field} contains control characters`,
  });

/**
 * A source name must be plain text: it is a label we chose to keep markup-free. Entity-encoded markup
 * ("&lt;b&gt;") counts as markup too.
 */
const plainLine = (field: string, max: number) =>
  textLine(field, max).refine((s) => !MARKUP.test(s) && !MARKUP.test(decodeHTML(s)), {
    error: `${field} must be plain text, not markup`,
  });

const optionalString = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .max(max, { error: `${field} is longer than ${max} characters` })
    .optional();

export const articleInputSchema = z
  .strictObject(
    {
      // A headline is text: "<IBM>", "Profit <5%" are real wire headlines. It is stored as text and every
      // renderer encodes it (lambdas/core/alerts/alert.ts). Control characters a feeder's copy carries (a stray
      // bell, a CR, windows-1252 quotes mis-decoded as C1 controls) are not refused: normaliseTitle removes them,
      // or reads C1 as windows-1252, and a title left empty is refused there.
      title: anyLine("title", MAX_TITLE_CHARS),
      body: optionalString("body", 1_000_000),
      html: optionalString("html", 1_000_000),
      url: optionalString("url", 2048),
      source: plainLine("source", 200).optional(),
      publishedAt: optionalString("publishedAt", 40),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `unknown field(s): ${issue.keys.join(", ")}`
          : "an article must be a JSON object",
    },
  )
  .refine((a) => (a.body === undefined) !== (a.html === undefined), {
    error: "exactly one of body or html is required",
  });

/** The first problem zod found, as one line naming the field. */
export function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid article";
  return issue.message;
}

/** Validates one article object, throwing a ValidationError that names the field. */
export function parseArticleInput(value: unknown, where = "article"): ArticleInput {
  const result = articleInputSchema.safeParse(value);
  if (!result.success)
    throw new ValidationError(`${where}: ${describeIssues(result.error)}`, { code: "invalid_article" });
  return result.data as ArticleInput;
}

/** Nesting depth of a JSON text, found without parsing so that hostile nesting never reaches JSON.parse. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Bytes to text, rejecting invalid UTF-8 and binary content (NUL bytes). */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new ValidationError(`${what} is not valid UTF-8 text`, { code: "invalid_encoding" });
  }
  if (text.includes("\u0000"))
    throw new ValidationError(`${what} looks binary (contains NUL bytes)`, { code: "binary_content" });
  return text.replace(/^\uFEFF/, "");
}

export interface HttpRequestParts {
  body: string | null | undefined;
  isBase64Encoded?: boolean;
  headers?: Record<string, string | undefined> | null;
}

export interface ParsedRequest {
  batch: boolean;
  /** Each raw item: a valid input, or the ValidationError that item got. */
  items: (ArticleInput | ValidationError)[];
}

function header(headers: HttpRequestParts["headers"], name: string): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/**
 * Parses an ingest HTTP request: one article object, a JSON array of them, or {"articles": [...]}.
 * Whole-request problems throw a ValidationError; per-item problems come back in `items` so a batch can
 * store its valid items and report the others.
 */
export function parseIngestRequest(request: HttpRequestParts, limits: RequestLimits): ParsedRequest {
  const contentType = header(request.headers, "content-type");
  if (!contentType || !/^application\/([a-z.+-]+\+)?json\s*(;|$)/i.test(contentType.trim())) {
    throw new ValidationError(
      `content-type must be application/json, got ${contentType ? `"${contentType.slice(0, 60)}"` : "none"}`,
      {
        status: 415,
        code: "unsupported_media_type",
      },
    );
  }
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
  if (charset && !/^utf-?8$/i.test(charset)) {
    throw new ValidationError(`charset must be utf-8, got "${charset}"`, {
      status: 415,
      code: "unsupported_media_type",
    });
  }
  if (request.body === null || request.body === undefined || request.body.length === 0) {
    throw new ValidationError("request body is empty; send a JSON article", { code: "empty_body" });
  }
  const bytes = request.isBase64Encoded
    ? Buffer.from(request.body, "base64")
    : Buffer.from(request.body, "utf8");
  if (bytes.length > limits.maxBodyBytes) {
    throw new ValidationError(`request body is ${bytes.length} bytes; the limit is ${limits.maxBodyBytes}`, {
      status: 413,
      code: "body_too_large",
    });
  }
  const text = request.isBase64Encoded ? decodeUtf8(bytes, "request body") : request.body;
  if (text.trim().length === 0)
    throw new ValidationError("request body is empty; send a JSON article", { code: "empty_body" });
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new ValidationError(`request body nests deeper than ${MAX_JSON_DEPTH} levels`, {
      code: "too_deep",
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`request body is not valid JSON (${(error as Error).message.slice(0, 100)})`, {
      code: "invalid_json",
    });
  }
  return parseIngestValue(value, limits);
}

/** The JSON-level part of request parsing, shared by the HTTP and S3 paths. */
export function parseIngestValue(value: unknown, limits: RequestLimits): ParsedRequest {
  let list: unknown[] | undefined;
  if (Array.isArray(value)) list = value;
  else if (value !== null && typeof value === "object" && Object.hasOwn(value, "articles")) {
    const keys = Object.keys(value);
    if (keys.length !== 1)
      throw new ValidationError(
        `a batch has only the field "articles"; unknown field(s): ${keys.filter((k) => k !== "articles").join(", ")}`,
      );
    const articles = (value as { articles: unknown }).articles;
    if (!Array.isArray(articles)) throw new ValidationError("articles must be an array of article objects");
    list = articles;
  }
  if (list === undefined) return { batch: false, items: [safeParse(value, "article")] };
  if (list.length === 0)
    throw new ValidationError("the batch is empty; send at least one article", { code: "empty_batch" });
  if (list.length > limits.maxBatchItems) {
    throw new ValidationError(
      `the batch has ${list.length} articles; at most ${limits.maxBatchItems} are accepted per request`,
      {
        status: 413,
        code: "batch_too_large",
      },
    );
  }
  return { batch: true, items: list.map((item, i) => safeParse(item, `articles[${i}]`)) };
}

function safeParse(value: unknown, where: string): ArticleInput | ValidationError {
  try {
    return parseArticleInput(value, where);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
}
