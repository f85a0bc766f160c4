/**
 * The ingest edges beyond test/unit/request.test.ts and test/unit/normalise.test.ts: the error codes a feeder's
 * client branches on, the limits at their exact values, the content types and object names real clients send,
 * and the URL and date forms that must come out as one canonical value.
 */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../lambdas/core/errors.ts";
import {
  canonicalUrl,
  contentHash,
  MIN_TEXT_CHARS,
  normaliseArticle,
} from "../../lambdas/core/ingest/normalise.ts";
import { parseObject } from "../../lambdas/core/ingest/object-parser.ts";
import { jsonDepth, MAX_JSON_DEPTH, parseIngestRequest } from "../../lambdas/core/ingest/request.ts";

const limits = { maxBodyBytes: 4096, maxBatchItems: 3 };
const article = { title: "Envoy recalled", body: "A short but sufficient article body." };
const json = { "content-type": "application/json" };
const NOW = new Date("2026-04-23T10:00:00Z");
const enc = (s: string) => new TextEncoder().encode(s);

function refusal(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

/** JSON nested `depth` levels deep: arrays around one article object (the object is the last level). */
const nested = (depth: number) =>
  `${"[".repeat(depth - 1)}${JSON.stringify(article)}${"]".repeat(depth - 1)}`;

describe("request refusals carry the code a client branches on", () => {
  it.each([
    ["no content type", { body: "{}", headers: {} }, 415, "unsupported_media_type"],
    ["no headers at all", { body: "{}", headers: null }, 415, "unsupported_media_type"],
    [
      "a charset other than UTF-8",
      { body: "{}", headers: { "content-type": "application/json; charset=latin1" } },
      415,
      "unsupported_media_type",
    ],
    ["a missing body", { body: null, headers: json }, 400, "empty_body"],
    ["a body of only whitespace", { body: " \n\t ", headers: json }, 400, "empty_body"],
    [
      "a body over the limit",
      { body: JSON.stringify({ ...article, body: "x".repeat(5000) }), headers: json },
      413,
      "body_too_large",
    ],
    ["nesting deeper than the limit", { body: nested(MAX_JSON_DEPTH + 1), headers: json }, 400, "too_deep"],
    ["broken JSON", { body: '{"title": ', headers: json }, 400, "invalid_json"],
    ["an empty batch", { body: '{"articles": []}', headers: json }, 400, "empty_batch"],
    [
      "a batch over the limit",
      { body: JSON.stringify([article, article, article, article]), headers: json },
      413,
      "batch_too_large",
    ],
  ])("refuses %s", (_name, request, status, code) => {
    const error = refusal(() => parseIngestRequest(request, limits));
    expect([error.status, error.code]).toEqual([status, code]);
  });

  it("says what the wrong content type was, and that none was sent", () => {
    expect(
      refusal(() => parseIngestRequest({ body: "{}", headers: { "Content-Type": "text/plain" } }, limits))
        .message,
    ).toBe('content-type must be application/json, got "text/plain"');
    expect(refusal(() => parseIngestRequest({ body: "{}", headers: {} }, limits)).message).toBe(
      "content-type must be application/json, got none",
    );
  });

  it("names the unknown fields next to articles in a batch", () => {
    const error = refusal(() =>
      parseIngestRequest(
        { body: JSON.stringify({ articles: [article], priority: 1, tag: "x" }), headers: json },
        limits,
      ),
    );
    expect(error.message).toBe('a batch has only the field "articles"; unknown field(s): priority, tag');
  });

  it("reports an invalid article with the code invalid_article and where it is in the batch", () => {
    const parsed = parseIngestRequest(
      { body: JSON.stringify([article, article, { title: 7 }]), headers: json },
      limits,
    );
    const item = parsed.items[2] as ValidationError;
    expect(item).toBeInstanceOf(ValidationError);
    expect([item.status, item.code, item.message]).toEqual([
      400,
      "invalid_article",
      "articles[2]: title must be a string",
    ]);
  });
});

describe("what a request may look like", () => {
  it.each([
    "application/json",
    "Application/JSON",
    "application/json;charset=utf-8",
    'application/json; charset="UTF8"',
    "application/ld+json",
    "application/vnd.wirewatch.article+json; charset=utf-8",
  ])("accepts the content type %s", (type) => {
    expect(
      parseIngestRequest({ body: JSON.stringify(article), headers: { "CONTENT-TYPE": type } }, limits).items,
    ).toEqual([article]);
  });

  it.each(["application/jsonp", "text/json", "application/json-seq", "application/x-json"])(
    "refuses the content type %s",
    (type) => {
      expect(
        refusal(() => parseIngestRequest({ body: "{}", headers: { "content-type": type } }, limits)).status,
      ).toBe(415);
    },
  );

  it(`accepts nesting of exactly ${MAX_JSON_DEPTH} levels`, () => {
    expect(jsonDepth(nested(MAX_JSON_DEPTH))).toBe(MAX_JSON_DEPTH);
    expect(parseIngestRequest({ body: nested(MAX_JSON_DEPTH), headers: json }, limits).batch).toBe(true);
  });

  it("counts no brackets inside strings, escaped quotes and backslashes included", () => {
    expect(jsonDepth('{"title": "a \\"[[[[\\" b", "body": "c:\\\\[[[["}')).toBe(1);
  });

  it("measures a base64 body by its decoded bytes", () => {
    const body = JSON.stringify({ ...article, body: "y".repeat(3500) });
    expect(body.length).toBeLessThan(limits.maxBodyBytes);
    const base64 = Buffer.from(body).toString("base64");
    expect(base64.length).toBeGreaterThan(limits.maxBodyBytes);
    expect(
      parseIngestRequest({ body: base64, isBase64Encoded: true, headers: json }, limits).items,
    ).toHaveLength(1);
  });

  it("refuses a URL or a date longer than its field allows, naming the field", () => {
    const long = { ...article, url: `https://example.org/${"a".repeat(2048)}` };
    const late = { ...article, publishedAt: `2026-04-23T10:00:00${"0".repeat(40)}Z` };
    const items = parseIngestRequest({ body: JSON.stringify([long, late]), headers: json }, limits).items;
    expect((items[0] as ValidationError).message).toBe("articles[0]: url is longer than 2048 characters");
    expect((items[1] as ValidationError).message).toBe(
      "articles[1]: publishedAt is longer than 40 characters",
    );
  });
});

describe("objects dropped in the bucket", () => {
  it("reads the extension whatever its case, and .htm as HTML", () => {
    expect(parseObject("incoming/WIRE.TXT", enc("Headline\nBody of the piece."), limits).items).toEqual([
      { title: "Headline", body: "Body of the piece." },
    ]);
    const page = parseObject(
      "incoming/page.htm",
      enc("<html><head><title>Envoys</title></head><body><p>Text.</p></body></html>"),
      limits,
    );
    expect(page.items[0]).toMatchObject({ title: "Envoys" });
  });

  it("reads a Windows .txt file: CRLF lines and a byte-order mark", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...enc("  Headline here  \r\nLine one.\r\nLine two.")]);
    expect(parseObject("incoming/a.txt", bytes, limits).items).toEqual([
      { title: "Headline here", body: "Line one.\nLine two." },
    ]);
  });

  it("refuses an object without an extension, an empty one, and JSON too deep or broken, each with its code", () => {
    const noType = refusal(() => parseObject("incoming/README", enc("x"), limits));
    expect([noType.status, noType.code, noType.message]).toEqual([
      415,
      "unsupported_media_type",
      "incoming/README: unsupported file type; expected one of .txt, .json, .html, .htm",
    ]);
    const empty = refusal(() => parseObject("incoming/a.txt", enc(" \n "), limits));
    expect([empty.code, empty.message]).toEqual(["empty_body", "incoming/a.txt is empty"]);
    const deep = refusal(() => parseObject("incoming/a.json", enc(nested(MAX_JSON_DEPTH + 1)), limits));
    expect([deep.code, deep.message]).toEqual([
      "too_deep",
      `incoming/a.json nests deeper than ${MAX_JSON_DEPTH} levels`,
    ]);
    const broken = refusal(() => parseObject("incoming/a.json", enc('{"title": '), limits));
    expect(broken.code).toBe("invalid_json");
    expect(broken.message).toMatch(/^incoming\/a\.json is not valid JSON \(.+\)$/);
  });

  it("refuses a page with no headline anywhere, and takes a page's stated publication time", () => {
    const untitled = refusal(() =>
      parseObject("incoming/a.html", enc("<html><body><p>Only text here.</p></body></html>"), limits),
    );
    expect(untitled.code).toBe("empty_title");
    const dated = parseObject(
      "incoming/b.html",
      enc(
        '<html><head><title>Envoys expelled</title><meta property="article:published_time" content="2026-04-20T08:30:00Z"></head><body><article><p>Four envoys were told to leave within a week, the ministry said on Monday.</p></article></body></html>',
      ),
      limits,
    );
    expect(dated.items[0]).toMatchObject({
      title: "Envoys expelled",
      publishedAt: "2026-04-20T08:30:00.000Z",
    });
  });
});

describe("one canonical URL per link", () => {
  it.each([
    ["default ports", "https://example.org:443/a", "https://example.org/a"],
    ["the http port", "http://example.org:80/a", "https://example.org/a"],
    ["another port, kept", "https://example.org:8443/a", "https://example.org:8443/a"],
    ["a trailing dot on the host", "https://example.org./a", "https://example.org/a"],
    [
      "tracking parameters in capitals",
      "https://example.org/a?UTM_Source=rss&Fbclid=1&id=7",
      "https://example.org/a?id=7",
    ],
    [
      "a repeated parameter, values sorted",
      "https://example.org/a?tag=b&tag=a",
      "https://example.org/a?tag=a&tag=b",
    ],
    ["several trailing slashes", "https://example.org/a//", "https://example.org/a"],
    ["only tracking parameters", "https://example.org/a?utm_medium=email", "https://example.org/a"],
    ["the root", "https://www.example.org/", "https://example.org/"],
    ["surrounding spaces", "  https://example.org/a  ", "https://example.org/a"],
  ])("removes %s", (_name, raw, canonical) => {
    expect(canonicalUrl(raw)).toBe(canonical);
  });

  it("refuses what is not an http(s) link with invalid_url, saying why", () => {
    const ftp = refusal(() => canonicalUrl("ftp://example.org/x"));
    expect([ftp.code, ftp.message]).toEqual(["invalid_url", 'url must use http or https, not "ftp"']);
    const user = refusal(() => canonicalUrl("https://reader@example.org/"));
    expect([user.code, user.message]).toEqual(["invalid_url", "url must not contain credentials"]);
    const junk = refusal(() => canonicalUrl(`not a url ${"x".repeat(200)}`));
    expect(junk.code).toBe("invalid_url");
    expect(junk.message).toBe(
      `url is not a valid absolute URL: "${`not a url ${"x".repeat(200)}`.slice(0, 80)}"`,
    );
  });
});

describe("normaliseArticle", () => {
  const body = "A body long enough to pass.";

  it("stores a publication time with an offset in UTC, and refuses one that is not a date", () => {
    expect(
      normaliseArticle({ title: "T", body, publishedAt: " 2026-04-23T12:30:00+02:00 " }, NOW).publishedAt,
    ).toBe("2026-04-23T10:30:00.000Z");
    const error = refusal(() => normaliseArticle({ title: "T", body, publishedAt: "2026-13-45T99:00" }, NOW));
    expect([error.code, error.message]).toEqual([
      "invalid_date",
      'publishedAt must be an ISO 8601 date or date-time, got "2026-13-45T99:00"',
    ]);
    expect(
      refusal(() => normaliseArticle({ title: "T", body, publishedAt: "23 April 2026" }, NOW)).code,
    ).toBe("invalid_date");
  });

  it(`needs ${MIN_TEXT_CHARS} characters of text: exactly that many pass, one fewer is 422 empty_text`, () => {
    expect(normaliseArticle({ title: "T", body: "x".repeat(MIN_TEXT_CHARS) }, NOW).text).toHaveLength(
      MIN_TEXT_CHARS,
    );
    const short = refusal(() => normaliseArticle({ title: "T", body: "x".repeat(MIN_TEXT_CHARS - 1) }, NOW));
    expect([short.status, short.code, short.message]).toEqual([
      422,
      "empty_text",
      `body has ${MIN_TEXT_CHARS - 1} characters of text after normalisation; at least ${MIN_TEXT_CHARS} are needed`,
    ]);
  });

  it("refuses a title that is empty once cleaned, with empty_title", () => {
    expect(refusal(() => normaliseArticle({ title: "\u200b \u0007", body }, NOW)).code).toBe("empty_title");
  });

  it("cleans the source name, and drops one left empty", () => {
    expect(normaliseArticle({ title: "T", body, source: "  Example   Wire " }, NOW).source).toBe(
      "Example Wire",
    );
    expect(normaliseArticle({ title: "T", body, source: "\u200b" }, NOW)).not.toHaveProperty("source");
  });
});

describe("more request shapes", () => {
  it.each([
    ["a JSON content type named in another parameter", "text/plain; x=application/json"],
    ["a charset with spaces around the equals sign", "application/json; charset = iso-8859-1"],
    ["a charset that only starts like UTF-8", "application/json; charset=utf-8-sig"],
    ["a charset that only ends like UTF-8", "application/json; charset=x-utf8"],
  ])("refuses %s", (_name, type) => {
    expect(
      refusal(() => parseIngestRequest({ body: "{}", headers: { "content-type": type } }, limits)).status,
    ).toBe(415);
  });

  it("finds the content type among other headers, and accepts one with spaces around it", () => {
    const headers = { "x-request-id": "abc", "Content-Type": " application/json " };
    expect(parseIngestRequest({ body: JSON.stringify(article), headers }, limits).items).toEqual([article]);
  });

  it("refuses a request without a body, and says so for a body of only spaces", () => {
    expect(refusal(() => parseIngestRequest({ body: undefined, headers: json }, limits)).code).toBe(
      "empty_body",
    );
    expect(refusal(() => parseIngestRequest({ body: "   ", headers: json }, limits)).message).toBe(
      "request body is empty; send a JSON article",
    );
  });

  it("names the request body when base64 bytes are not UTF-8 or are binary", () => {
    const bad = refusal(() =>
      parseIngestRequest(
        { body: Buffer.from([0x7b, 0xff, 0x7d]).toString("base64"), isBase64Encoded: true, headers: json },
        limits,
      ),
    );
    expect([bad.code, bad.message]).toEqual(["invalid_encoding", "request body is not valid UTF-8 text"]);
    const nul = refusal(() =>
      parseIngestRequest(
        { body: Buffer.from([0x7b, 0x00, 0x7d]).toString("base64"), isBase64Encoded: true, headers: json },
        limits,
      ),
    );
    expect([nul.code, nul.message]).toEqual([
      "binary_content",
      "request body looks binary (contains NUL bytes)",
    ]);
  });

  it("answers null or a bare string as one article that is not an object, naming it 'article'", () => {
    for (const body of ["null", '"just text"']) {
      const [item] = parseIngestRequest({ body, headers: json }, limits).items;
      expect((item as ValidationError).message, body).toBe("article: an article must be a JSON object");
    }
  });

  it("refuses a title of only spaces, entity-encoded markup in a source, and lists every unknown field", () => {
    const items = parseIngestRequest(
      {
        body: JSON.stringify([
          { ...article, title: "   " },
          { ...article, source: "&lt;b&gt;Wire&lt;/b&gt;" },
          { ...article, priority: 1, tag: "x" },
        ]),
        headers: json,
      },
      limits,
    ).items.map((i) => (i as ValidationError).message);
    expect(items).toEqual([
      "articles[0]: title is empty",
      "articles[1]: source must be plain text, not markup",
      "articles[2]: unknown field(s): priority, tag",
    ]);
  });

  it("measures nesting by its deepest point, not by the last or the total of brackets", () => {
    expect(jsonDepth("[[[1]],[2]]")).toBe(3);
    expect(jsonDepth('[{"a":1},{"b":2},{"c":3}]')).toBe(2);
  });
});

describe("more objects", () => {
  it("refuses a name that only has a supported extension inside it", () => {
    for (const key of ["incoming/report.txt.pdf", "incoming/feed.json.gz"]) {
      const error = refusal(() => parseObject(key, enc("x"), limits));
      expect(error.message, key).toBe(
        `${key}: unsupported file type; expected one of .txt, .json, .html, .htm`,
      );
    }
  });

  it(`takes a .json object nested exactly ${MAX_JSON_DEPTH} levels`, () => {
    expect(parseObject("incoming/a.json", enc(nested(MAX_JSON_DEPTH)), limits).items).toHaveLength(1);
  });

  it("skips blank lines before a .txt headline", () => {
    expect(parseObject("incoming/a.txt", enc("\n\n  \nHeadline\nBody."), limits).items).toEqual([
      { title: "Headline", body: "Body." },
    ]);
  });

  it("decodes a page by its meta charset, and names the object when it is binary or empty", () => {
    const koi8 = Buffer.concat([
      Buffer.from('<html><head><meta charset="koi8-r"><title>', "latin1"),
      Buffer.from([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4]),
      Buffer.from("</title></head><body><p>Text of the page.</p></body></html>", "latin1"),
    ]);
    expect(parseObject("incoming/p.html", koi8, limits).items[0]).toMatchObject({ title: "Привет" });
    expect(
      refusal(() => parseObject("incoming/p.html", new Uint8Array([0x3c, 0, 0x3e]), limits)).message,
    ).toBe("incoming/p.html looks binary (contains NUL bytes)");
    const empty = refusal(() => parseObject("incoming/p.html", enc("  \n "), limits));
    expect([empty.code, empty.message]).toEqual(["empty_body", "incoming/p.html is empty"]);
    expect(
      refusal(() => parseObject("incoming/p.html", enc("<html><body><p>x</p></body></html>"), limits))
        .message,
    ).toBe("incoming/p.html: the HTML has no <title> or <h1> (nor og:title or a JSON-LD headline)");
  });
});

describe("more URLs, dates and hashes", () => {
  it("sorts parameters by name, not by value, and gives a path of slashes the root", () => {
    expect(canonicalUrl("https://example.org/a?z=1&a=2&m=0")).toBe("https://example.org/a?a=2&m=0&z=1");
    expect(canonicalUrl("https://example.org//")).toBe("https://example.org/");
  });

  it("keeps www inside a host name", () => {
    expect(canonicalUrl("https://news.www.example.org/a")).toBe("https://news.www.example.org/a");
  });

  it("refuses a date whose day has one digit", () => {
    expect(
      refusal(() =>
        normaliseArticle({ title: "T", body: "A body long enough to pass.", publishedAt: "2026-05-1" }, NOW),
      ).code,
    ).toBe("invalid_date");
  });

  it("says why an empty title is refused", () => {
    expect(
      refusal(() => normaliseArticle({ title: "\u200b", body: "A body long enough to pass." }, NOW)).message,
    ).toBe("title is empty after removing markup and whitespace");
  });

  it("keeps words apart in the content hash: words run together are another text", () => {
    expect(contentHash("Talks", "the united states said")).not.toBe(
      contentHash("Talks", "the unitedstates said"),
    );
  });
});
