/**
 * Hostile and malformed input through the real ingest handlers on the embedded backend: every bad request gets
 * a 4xx whose message names the problem, every bad object is skipped with a logged reason, and nothing is stored
 * or alerted.
 */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { EmbeddedBackend } from "../../cli/local/embedded-backend.ts";
import { replayEvent } from "../../cli/local/replay-runner.ts";
import { DeleteCommand } from "../../lambdas/adapters/dynamo-client.ts";
import { DEFAULT_LIMITS } from "../../lambdas/config.ts";
import { buildAlert } from "../../lambdas/core/alerts/alert.ts";
import type { TaggedArticle } from "../../lambdas/core/article.ts";
import { apiEvent, STORY, startTestBackend, tableContents } from "../support/embedded.ts";

const ok = { title: "Envoy recalled over border dispute", body: STORY.body };
const raw = (text: string, contentType = "application/json") => apiEvent(text, { raw: true, contentType });
const bytes = (b: Uint8Array | number[]) => {
  const event = apiEvent("", { raw: true });
  event.body = Buffer.from(b as Uint8Array).toString("base64");
  event.isBase64Encoded = true;
  return event;
};
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
const manyArticles = (n: number) => ({
  articles: Array.from({ length: n }, (_, i) => ({ ...ok, title: `${ok.title} ${i}` })),
});

/** [name, request, expected status, pattern the message must match] */
const BAD_REQUESTS: [string, APIGatewayProxyEvent, number, RegExp][] = [
  // -- not JSON, or not the JSON we take
  ["invalid JSON", raw("{"), 400, /request body is not valid JSON/],
  ["JSON with a trailing comma", raw('{"title":"a","body":"b",}'), 400, /not valid JSON/],
  ["single-quoted pseudo-JSON", raw("{'title':'a'}"), 400, /not valid JSON/],
  ["JSON null", raw("null"), 400, /article: an article must be a JSON object/],
  ["a bare JSON string", raw('"breaking news"'), 400, /must be a JSON object/],
  ["a bare JSON number", raw("42"), 400, /must be a JSON object/],
  // -- transport
  [
    "wrong content type (text/plain)",
    apiEvent(ok, { contentType: "text/plain" }),
    415,
    /content-type must be application\/json, got "text\/plain"/,
  ],
  [
    "no content type",
    apiEvent(ok, { contentType: null }),
    415,
    /content-type must be application\/json, got none/,
  ],
  [
    "form content type",
    raw("title=a&body=b", "application/x-www-form-urlencoded"),
    415,
    /content-type must be application\/json/,
  ],
  [
    "a non-UTF-8 charset",
    apiEvent(ok, { contentType: "application/json; charset=iso-8859-1" }),
    415,
    /charset must be utf-8, got "iso-8859-1"/,
  ],
  ["an empty body", raw(""), 400, /request body is empty/],
  ["a whitespace-only body", raw("  \n\t  "), 400, /request body is empty/],
  [
    "invalid UTF-8 (base64 body)",
    bytes([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    400,
    /request body is not valid UTF-8/,
  ],
  [
    "binary (a PNG, base64 body)",
    bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    400,
    /not valid UTF-8|binary/,
  ],
  [
    "NUL bytes in an otherwise UTF-8 body",
    bytes(Buffer.from('{"title":"a\u0000","body":"b"}')),
    400,
    /looks binary \(contains NUL bytes\)/,
  ],
  // -- sizes and shapes
  [
    "a body over the size limit",
    apiEvent({ ...ok, body: "word ".repeat(60_000) }),
    413,
    new RegExp(`request body is \\d+ bytes; the limit is ${DEFAULT_LIMITS.maxBodyBytes}`),
  ],
  [
    "a batch over its limit",
    apiEvent(manyArticles(DEFAULT_LIMITS.maxBatchItems + 1)),
    413,
    new RegExp(
      `the batch has ${DEFAULT_LIMITS.maxBatchItems + 1} articles; at most ${DEFAULT_LIMITS.maxBatchItems}`,
    ),
  ],
  ["an empty batch", apiEvent({ articles: [] }), 400, /the batch is empty/],
  ["an empty array", apiEvent([]), 400, /the batch is empty/],
  ["articles that is not an array", apiEvent({ articles: "x" }), 400, /articles must be an array/],
  [
    "a batch with an extra field",
    apiEvent({ articles: [ok], priority: "high" }),
    400,
    /unknown field\(s\): priority/,
  ],
  ["deeply nested JSON (depth 50)", raw(nested(50)), 400, /nests deeper than 8 levels/],
  ["very deeply nested JSON (depth 30000)", raw(nested(30_000)), 400, /nests deeper than 8 levels/],
  [
    "deep nesting inside a valid article",
    apiEvent({ ...ok, source: JSON.parse(nested(10)) }),
    400,
    /nests deeper/,
  ],
  // -- missing fields and wrong types
  ["an empty object", apiEvent({}), 400, /title is required/],
  ["no title", apiEvent({ body: ok.body }), 400, /title is required/],
  ["neither body nor html", apiEvent({ title: ok.title }), 400, /exactly one of body or html is required/],
  ["both body and html", apiEvent({ ...ok, html: "<p>x</p>" }), 400, /exactly one of body or html/],
  ["a numeric title", apiEvent({ ...ok, title: 42 }), 400, /title must be a string/],
  ["an array body", apiEvent({ ...ok, body: ["a", "b"] }), 400, /body must be a string/],
  ["an object url", apiEvent({ ...ok, url: { href: "https://example.org" } }), 400, /url must be a string/],
  ["a boolean publishedAt", apiEvent({ ...ok, publishedAt: true }), 400, /publishedAt must be a string/],
  [
    "a publishedAt that is no date",
    apiEvent({ ...ok, publishedAt: "yesterday" }),
    400,
    /publishedAt must be an ISO 8601 date/,
  ],
  [
    "an impossible date",
    apiEvent({ ...ok, publishedAt: "2026-13-45" }),
    400,
    /publishedAt must be an ISO 8601 date/,
  ],
  ["an unknown field", apiEvent({ ...ok, priority: "urgent" }), 400, /unknown field\(s\): priority/],
  // -- empty text
  ["an empty title", apiEvent({ ...ok, title: "" }), 400, /title is empty/],
  ["a whitespace-only title", apiEvent({ ...ok, title: " \t " }), 400, /title is empty/],
  [
    "a whitespace-only body",
    apiEvent({ ...ok, body: " \n\t " }),
    422,
    /body has 0 characters of text after normalisation/,
  ],
  [
    "html that is only markup and script",
    apiEvent({ title: ok.title, html: "<div><script>alert(1)</script><br></div>" }),
    422,
    /html has 0 characters/,
  ],
  [
    "a title over 500 characters",
    apiEvent({ ...ok, title: "x".repeat(501) }),
    400,
    /title is longer than 500 characters/,
  ],
  // -- prototype pollution
  [
    "a __proto__ key",
    raw(`{"title":"a","body":${JSON.stringify(ok.body)},"__proto__":{"polluted":true}}`),
    400,
    /unknown field\(s\): __proto__/,
  ],
  [
    "a constructor key",
    raw(`{"title":"a","body":${JSON.stringify(ok.body)},"constructor":{"prototype":{"polluted":true}}}`),
    400,
    /unknown field\(s\): constructor/,
  ],
  [
    "__proto__ inside a batch",
    raw(`{"articles":[{"__proto__":{"polluted":true},"title":"a","body":"b"}]}`),
    400,
    /articles\[0\]: unknown field\(s\): __proto__/,
  ],
  // -- markup, controls and schemes
  [
    "a control character in the source (a label we choose, not an outlet's text)",
    apiEvent({ ...ok, source: "Wire\u0007" }),
    400,
    /source contains control characters/,
  ],
  [
    "a title of nothing but control characters",
    apiEvent({ ...ok, title: "\u0007\u0000\u008d" }),
    400,
    /title is empty after removing markup and whitespace/,
  ],
  ["markup in the source", apiEvent({ ...ok, source: "<b>Wire</b>" }), 400, /source must be plain text/],
  [
    "a javascript: URL",
    apiEvent({ ...ok, url: "javascript:alert(document.cookie)" }),
    400,
    /url must use http or https, not "javascript"/,
  ],
  [
    "a JavaScript: URL with odd case and spaces",
    apiEvent({ ...ok, url: "  JaVaScRiPt:alert(1)" }),
    400,
    /url must use http or https/,
  ],
  [
    "a data: URL",
    apiEvent({ ...ok, url: "data:text/html,<script>alert(1)</script>" }),
    400,
    /url must use http or https, not "data"/,
  ],
  [
    "a file: URL",
    apiEvent({ ...ok, url: "file:///etc/passwd" }),
    400,
    /url must use http or https, not "file"/,
  ],
  [
    "a URL with credentials",
    apiEvent({ ...ok, url: "https://user:secret@example.org/a" }),
    400,
    /url must not contain credentials/,
  ],
  ["a relative URL", apiEvent({ ...ok, url: "/news/1" }), 400, /url is not a valid absolute URL/],
  [
    "a URL over 2048 characters",
    apiEvent({ ...ok, url: `https://example.org/${"a".repeat(2100)}` }),
    400,
    /url is longer than 2048/,
  ],
  // -- a batch whose every item is bad
  [
    "a batch of only bad items",
    apiEvent({ articles: [{ title: 1 }, { body: "b" }] }),
    400,
    /articles\[0\]: title must be a string.*articles\[1\]: title is required/,
  ],
];

/** The problem the response names: the error message, or each item's message for a batch. */
function messageOf(body: string): string {
  const parsed = JSON.parse(body) as {
    error?: { message: string };
    results?: { error?: { message: string } }[];
  };
  if (parsed.error) return parsed.error.message;
  return (parsed.results ?? []).map((r) => r.error?.message ?? "(stored)").join(" | ");
}

describe("hostile and malformed requests through the ingest API (embedded)", () => {
  let backend: EmbeddedBackend;
  beforeAll(async () => {
    backend = await startTestBackend();
  });
  afterAll(async () => {
    await backend.stop();
  });

  it("has at least 30 cases", () => {
    expect(BAD_REQUESTS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(BAD_REQUESTS)(
    "%s: 4xx with a message naming the problem; nothing stored or alerted",
    async (_name, event, status, pattern) => {
      const result = await replayEvent(backend, "hostile", structuredClone(event));
      const response = result.response as {
        statusCode: number;
        body: string;
        headers: Record<string, string>;
      };
      expect(response.statusCode).toBe(status);
      expect(response.headers["content-type"]).toMatch(/^application\/json/);
      expect(messageOf(response.body)).toMatch(pattern);
      expect(response.body).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
      expect(result.stored).toEqual([]);
      expect(result.alerts).toEqual([]);
      expect(result.error).toBeUndefined();
      expect((await tableContents(backend)).all).toEqual([]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it("still accepts the good article the cases are built from (the cases fail for their own reason)", async () => {
    const result = await replayEvent(backend, "good", apiEvent(ok));
    expect((result.response as { statusCode: number }).statusCode).toBe(201);
    expect(result.stored).toHaveLength(1);
  });
});

/**
 * A title is text. What used to be refused as markup is what real headlines carry (wire tickers such as "<IBM>",
 * "Profit <5%"), and even a script tag in a title is only words: it is stored verbatim and every channel shows it
 * as text. SNS email bodies are plain text (never HTML), SMS is GSM-7 text, and the default body is JSON whose
 * encoder escapes it; nothing renders it as markup.
 */
describe("titles that look like markup are stored as text and rendered harmlessly (embedded)", () => {
  let backend: EmbeddedBackend;
  beforeAll(async () => {
    backend = await startTestBackend();
  });
  afterAll(async () => {
    await backend.stop();
  });

  const CASES = [
    ["a wire ticker", "STANDARD OIL <SRD> TO FORM FINANCIAL UNIT"],
    ["a comparison", "Profit <5% as costs rise >10%"],
    ["a script tag", "<script>alert(1)</script>Embassy staff expelled"],
    ["an entity-encoded script tag", "&lt;script&gt;alert(1)&lt;/script&gt;Embassy staff expelled"],
    ["an img onerror", 'Embassy staff expelled <img src=x onerror="alert(1)">'],
  ] as const;
  it.each(CASES)(
    "%s: 201, stored verbatim, shown verbatim as text in email, SMS and JSON",
    async (_name, title) => {
      // The same body each time: a week apart, so each is a story of its own (and alerts) rather than a copy.
      const week = CASES.findIndex(([, t]) => t === title);
      const publishedAt = new Date(Date.UTC(2026, 0, 5 + 7 * week, 9)).toISOString();
      const result = await replayEvent(
        backend,
        "title",
        apiEvent({
          ...STORY,
          title,
          publishedAt,
          body: `${STORY.body}\n\n${title.length} characters of title.`,
        }),
      );
      expect((result.response as { statusCode: number }).statusCode).toBe(201);
      expect(result.stored.map((s) => s.title)).toEqual([title]);
      const { articles } = await tableContents(backend);
      expect(articles.find((a) => a.id === result.stored[0]?.id)?.title).toBe(title);
      const email = result.alerts.flatMap((a) => a.recipients).find((r) => r.protocol === "email");
      const sms = result.alerts.flatMap((a) => a.recipients).find((r) => r.protocol === "sms");
      expect(email?.body.split("\n")[0]).toBe(title);
      expect(sms?.body).toContain(title.slice(0, 20));
      const structured = buildAlert({ ...(articles[0] as unknown as TaggedArticle), title });
      expect((JSON.parse(structured.message.default) as { title: string }).title).toBe(title);
      expect(structured.message.default).not.toContain("</script>");
    },
  );
});

describe("titles with control characters are stored with them removed (embedded)", () => {
  let backend: EmbeddedBackend;
  beforeAll(async () => {
    backend = await startTestBackend();
  });
  afterAll(async () => {
    await backend.stop();
  });

  const CASES = [
    ["a bell", "Embassy\u0007 staff capped", "Embassy staff capped"],
    ["a NUL", "Embassy staff\u0000 capped", "Embassy staff capped"],
    ["a carriage return and a line feed", "Embassy staff\r\ncapped", "Embassy staff capped"],
    [
      "windows-1252 quotes read as C1 controls",
      "Prague\u0092s cap on \u0093diplomats\u0094",
      "Prague’s cap on “diplomats”",
    ],
    ["an unassigned C1 control", "Embassy \u008dstaff capped", "Embassy staff capped"],
  ] as const;
  it.each(CASES)("%s: 201, stored and alerted as clean text", async (_name, title, stored) => {
    const week = CASES.findIndex(([, t]) => t === title);
    const publishedAt = new Date(Date.UTC(2026, 2, 2 + 7 * week, 9)).toISOString();
    const result = await replayEvent(
      backend,
      "title",
      apiEvent({
        ...STORY,
        title,
        publishedAt,
        body: `${STORY.body}\n\nCase ${week} of the control titles.`,
      }),
    );
    expect((result.response as { statusCode: number }).statusCode).toBe(201);
    expect(result.stored.map((a) => a.title)).toEqual([stored]);
    const { articles } = await tableContents(backend);
    expect(articles.find((a) => a.id === result.stored[0]?.id)?.title).toBe(stored);
    const email = result.alerts.flatMap((a) => a.recipients).find((r) => r.protocol === "email");
    expect(email?.body.split("\n")[0]).toBe(stored);
  });
});

describe("objects in the bucket that are not articles (embedded)", () => {
  let backend: EmbeddedBackend;
  let bucketDir: string;
  let logged: string[];
  beforeAll(async () => {
    bucketDir = await mkdtemp(join(tmpdir(), "wirewatch-hostile-bucket-"));
    await mkdir(join(bucketDir, "incoming"), { recursive: true });
    vi.stubEnv("POWERTOOLS_DEV", "true");
    backend = await startTestBackend({ bucketDir, logs: true });
    vi.unstubAllEnvs();
  });
  afterAll(async () => {
    await backend.stop();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const png = Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
  ]);
  const BAD_OBJECTS: [string, string, Uint8Array | string, RegExp][] = [
    ["a PNG named .png", "incoming/photo.png", png, /unsupported file type; expected one of \.txt/],
    ["a PNG named .txt", "incoming/photo.txt", png, /not valid UTF-8|looks binary/],
    [
      "invalid UTF-8 text",
      "incoming/latin1.txt",
      Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a, 0x62]),
      /not valid UTF-8 text/,
    ],
    [
      "UTF-8 with NUL bytes",
      "incoming/nul.txt",
      "Title\nBody\u0000with a NUL",
      /looks binary \(contains NUL bytes\)/,
    ],
    ["an empty .txt", "incoming/empty.txt", "", /is empty/],
    ["a whitespace-only .txt", "incoming/blank.txt", " \n \n\t", /is empty/],
    ["a .json that is not JSON", "incoming/broken.json", "{ not json", /is not valid JSON/],
    ["a deeply nested .json", "incoming/deep.json", nested(40), /nests deeper than 8 levels/],
    [
      "an .html without a title",
      "incoming/untitled.html",
      "<html><body><p>Nothing to see here.</p></body></html>",
      /has no <title> or <h1>/,
    ],
    ["an executable", "incoming/tool.exe", Buffer.from([0x4d, 0x5a, 0x90, 0]), /unsupported file type/],
    ["a key that escapes the bucket", "../../etc/passwd.txt", "", /escapes the local bucket folder/],
    [
      "an object over the size limit",
      "incoming/huge.txt",
      `Huge\n${"word ".repeat(60_000)}`,
      /bytes; the limit is/,
    ],
  ];

  it("stores a dropped .txt title as the text it is, control characters removed", async () => {
    const key = "incoming/encoded-title.txt";
    await writeFile(
      join(bucketDir, key),
      `&lt;script&gt;alert(1)&lt;/script&gt;Embassy\u0007 staff &amp;lt;b&amp;gt;capped\n${STORY.body}`,
    );
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const event = {
      version: "0",
      id: "hostile",
      "detail-type": "Object Created",
      source: "aws.s3",
      time: "2026-06-01T09:00:00Z",
      detail: { bucket: { name: "test-bucket" }, object: { key } },
    };
    const result = await replayEvent(backend, "encoded-title", event);
    const title = "&lt;script&gt;alert(1)&lt;/script&gt;Embassy staff &amp;lt;b&amp;gt;capped";
    expect(result.stored.map((a) => a.title)).toEqual([title]);
    const { articles } = await tableContents(backend);
    expect(articles.map((a) => a.title)).toEqual([title]);
    // Back to an empty table: the article, its tag edges and its story items.
    for (const item of (await tableContents(backend)).all)
      await backend.db.send(
        new DeleteCommand({ TableName: backend.tableName, Key: { pk: item.pk, sk: item.sk } }),
      );
  });

  it.each(BAD_OBJECTS)(
    "%s is skipped with a logged reason; nothing stored or alerted",
    async (_name, key, body, pattern) => {
      if (!key.startsWith("..")) await writeFile(join(bucketDir, key), body);
      logged = [];
      // With POWERTOOLS_DEV the handlers' logger writes through the global console, where we can read it.
      vi.spyOn(console, "warn").mockImplementation((line: unknown) => {
        logged.push(String(line));
      });
      const event = {
        version: "0",
        id: "hostile",
        "detail-type": "Object Created",
        source: "aws.s3",
        time: "2026-06-01T09:00:00Z",
        detail: { bucket: { name: "test-bucket" }, object: { key } },
      };
      const result = await replayEvent(backend, "hostile-object", event);
      vi.restoreAllMocks();
      const outcome = (result.response as { objects: { skipped?: string; results?: unknown[] }[] })
        .objects[0];
      expect(outcome?.skipped).toMatch(pattern);
      expect(outcome?.results).toBeUndefined();
      const skipLog = logged
        .filter((l) => l.trimStart().startsWith("{"))
        .map((l) => JSON.parse(l) as { message?: string; reason?: string; key?: string })
        .find((l) => l.message === "object skipped");
      expect(skipLog?.reason).toMatch(pattern);
      expect(skipLog?.key).toBe(key);
      expect(result.stored).toEqual([]);
      expect(result.alerts).toEqual([]);
      expect((await tableContents(backend)).all).toEqual([]);
    },
  );
});
