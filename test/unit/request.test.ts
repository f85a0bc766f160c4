import { describe, expect, it } from "vitest";
import { ValidationError } from "../../lambdas/core/errors.ts";
import { parseObject } from "../../lambdas/core/ingest/object-parser.ts";
import { jsonDepth, parseIngestRequest } from "../../lambdas/core/ingest/request.ts";

const limits = { maxBodyBytes: 4096, maxBatchItems: 3 };
const jsonHeaders = { "Content-Type": "application/json" };
const article = { title: "Envoy recalled", body: "A short but sufficient article body." };

function rejection(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

describe("parseIngestRequest", () => {
  it("accepts one article, an array, or {articles: [...]}", () => {
    expect(parseIngestRequest({ body: JSON.stringify(article), headers: jsonHeaders }, limits)).toEqual({
      batch: false,
      items: [article],
    });
    expect(
      parseIngestRequest({ body: JSON.stringify([article, article]), headers: jsonHeaders }, limits).items,
    ).toHaveLength(2);
    expect(
      parseIngestRequest({ body: JSON.stringify({ articles: [article] }), headers: jsonHeaders }, limits)
        .batch,
    ).toBe(true);
  });

  it("accepts a base64 body and a json content type with utf-8 charset", () => {
    const body = Buffer.from(JSON.stringify(article)).toString("base64");
    const parsed = parseIngestRequest(
      { body, isBase64Encoded: true, headers: { "content-type": "application/json; charset=UTF-8" } },
      limits,
    );
    expect(parsed.items[0]).toEqual(article);
  });

  it.each([
    ["no content type", { body: "{}", headers: {} }, 415, /content-type must be application\/json/],
    [
      "form content type",
      { body: "a=b", headers: { "content-type": "application/x-www-form-urlencoded" } },
      415,
      /content-type/,
    ],
    [
      "latin-1 charset",
      { body: "{}", headers: { "content-type": "application/json; charset=iso-8859-1" } },
      415,
      /charset/,
    ],
    ["empty body", { body: "", headers: jsonHeaders }, 400, /body is empty/],
    ["invalid json", { body: "{", headers: jsonHeaders }, 400, /not valid JSON/],
    [
      "oversized body",
      { body: JSON.stringify({ ...article, body: "x".repeat(5000) }), headers: jsonHeaders },
      413,
      /limit is 4096/,
    ],
    [
      "deep nesting",
      { body: `${"[".repeat(50)}${"]".repeat(50)}`, headers: jsonHeaders },
      400,
      /nests deeper/,
    ],
    ["empty batch", { body: "[]", headers: jsonHeaders }, 400, /batch is empty/],
    [
      "batch over limit",
      { body: JSON.stringify([article, article, article, article]), headers: jsonHeaders },
      413,
      /at most 3/,
    ],
    [
      "invalid utf-8",
      {
        body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString("base64"),
        isBase64Encoded: true,
        headers: jsonHeaders,
      },
      400,
      /UTF-8/,
    ],
  ])("rejects %s", (_name, request, status, message) => {
    const error = rejection(() => parseIngestRequest(request, limits));
    expect(error.status).toBe(status);
    expect(error.message).toMatch(message);
  });

  it.each([
    ["missing title", { body: "Text without a title, long enough." }, /title is required/],
    ["non-string title", { title: 42, body: "Text that is long enough here." }, /title must be a string/],
    ["both body and html", { title: "T", body: "x", html: "<p>y</p>" }, /exactly one of body or html/],
    ["neither body nor html", { title: "T" }, /exactly one of body or html/],
    ["unknown field", { ...article, priority: "high" }, /unknown field\(s\): priority/],
    [
      "__proto__ key",
      JSON.parse('{"title":"T","body":"long enough body text","__proto__":{"admin":true}}'),
      /unknown field\(s\): __proto__/,
    ],
    [
      "markup in the source",
      { title: "News", source: "<b>Wire</b>", body: "Text that is long enough here." },
      /source must be plain text/,
    ],
    [
      "control character in the source",
      { title: "News", source: "Wire\u0007", body: "Text that is long enough here." },
      /source contains control characters/,
    ],
    ["an array item that is not an object", "just a string", /must be a JSON object/],
  ])("reports %s as an item error naming the field", (_name, value, message) => {
    const parsed = parseIngestRequest({ body: JSON.stringify(value), headers: jsonHeaders }, limits);
    const [item] = parsed.items;
    expect(item).toBeInstanceOf(ValidationError);
    expect((item as ValidationError).message).toMatch(message);
  });

  it("keeps valid batch items next to invalid ones", () => {
    const parsed = parseIngestRequest(
      { body: JSON.stringify([article, { title: "" }]), headers: jsonHeaders },
      limits,
    );
    expect(parsed.items[0]).toEqual(article);
    expect((parsed.items[1] as ValidationError).message).toMatch(/^articles\[1\]: title is empty/);
  });
});

describe("jsonDepth", () => {
  it("counts nesting outside strings only", () => {
    expect(jsonDepth('{"a":[{"b":"[[[["}]}')).toBe(3);
  });
});

describe("parseObject", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it("reads .txt as title line plus body", () => {
    expect(
      parseObject("incoming/a.txt", enc("\nHeadline here\nBody line one.\nBody line two."), limits).items[0],
    ).toEqual({
      title: "Headline here",
      body: "Body line one.\nBody line two.",
    });
  });
  it("reads .html with its <title>", () => {
    const parsed = parseObject(
      "incoming/a.html",
      enc("<html><head><title>Page &amp; title</title></head><body><p>x</p></body></html>"),
      limits,
    );
    expect(parsed.items[0]).toMatchObject({ title: "Page & title" });
  });
  it("reads .json in the request format", () => {
    expect(parseObject("incoming/a.json", enc(JSON.stringify([article])), limits).items).toEqual([article]);
  });
  it("rejects unsupported types, binary content and invalid UTF-8", () => {
    expect(rejection(() => parseObject("incoming/a.pdf", enc("x"), limits)).status).toBe(415);
    expect(
      rejection(() => parseObject("incoming/a.txt", new Uint8Array([0x41, 0, 0x42]), limits)).message,
    ).toMatch(/binary/);
    expect(
      rejection(() => parseObject("incoming/a.txt", new Uint8Array([0xc3, 0x28]), limits)).message,
    ).toMatch(/UTF-8/);
  });
});
