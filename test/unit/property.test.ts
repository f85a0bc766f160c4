/**
 * Properties, checked with fast-check on generated input: the request parser and the tagger never throw on
 * arbitrary strings (the parser only ever with a ValidationError), and normalisation is idempotent.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ArticleInput } from "../../lambdas/core/article.ts";
import { ValidationError } from "../../lambdas/core/errors.ts";
import { normaliseArticle, normaliseText, normaliseTitle } from "../../lambdas/core/ingest/normalise.ts";
import { parseObject } from "../../lambdas/core/ingest/object-parser.ts";
import { parseIngestRequest } from "../../lambdas/core/ingest/request.ts";
import { loadTagger } from "../../lambdas/core/tagger/load.ts";

const limits = { maxBodyBytes: 64 * 1024, maxBatchItems: 5 };
const RUNS = { numRuns: 400 };

/** Any UTF-16 string, lone surrogates included. */
const utf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });
/** Full Unicode code points. */
const unicode = fc.string({ unit: "binary", maxLength: 300 });
/** Text made of the characters normalisation cares about: whitespace, controls, combining marks, markup. */
const tricky = fc.string({
  unit: fc.constantFrom(
    "a",
    "e",
    "Z",
    " ",
    "  ",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\u000b",
    "\f",
    "\u00a0",
    "\u2003",
    "\u3000",
    "\u0000",
    "\u0007",
    "\u0085",
    "\u009b",
    "\u200b",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u0301",
    "\u0308",
    "\u030c",
    "\ud83d",
    "\ude00",
    "\ud83d\ude00",
    "<",
    ">",
    "&",
    ";",
    "amp",
    "#39",
    "<b>",
    "</p>",
    "<br>",
    "&amp;",
    "&lt;",
    "&#x3c;",
    "&nbsp;",
    ".",
    "!",
    "Č",
    "é",
  ),
  maxLength: 60,
});
const text = fc.oneof(utf16, unicode, tricky);

const contentType = fc.oneof(
  fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "application/vnd.api+json",
    "application/json; charset=latin1",
    "text/plain",
  ),
  fc.string({ maxLength: 40 }),
);

/** Article-shaped JSON with arbitrary values, so generated bodies get past JSON.parse to the schema. */
const articleish = fc.record(
  {
    title: fc.oneof(text, fc.anything()),
    body: fc.oneof(text, fc.anything()),
    html: fc.oneof(text, fc.anything()),
    url: fc.oneof(fc.webUrl(), text, fc.anything()),
    source: fc.oneof(text, fc.anything()),
    publishedAt: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      text,
      fc.anything(),
    ),
    __proto__: fc.anything(),
    constructor: fc.anything(),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  text,
  fc.json(),
  articleish.map((a) => JSON.stringify(a)),
  fc.array(articleish, { maxLength: 7 }).map((a) => JSON.stringify(a)),
  fc.array(articleish, { maxLength: 7 }).map((a) => JSON.stringify({ articles: a })),
);

function onlyValidationErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    expect(error.status).toBeGreaterThanOrEqual(400);
    expect(error.status).toBeLessThan(500);
    expect(error.message.length).toBeGreaterThan(0);
  }
}

describe("parseIngestRequest on arbitrary input", () => {
  it("never throws anything but a ValidationError", () => {
    fc.assert(
      fc.property(fc.option(body, { nil: null }), fc.boolean(), contentType, (b, base64, type) => {
        const request = {
          body: base64 && b !== null ? Buffer.from(b, "utf8").toString("base64") : b,
          isBase64Encoded: base64,
          headers: { "Content-Type": type },
        };
        onlyValidationErrors(() => {
          const parsed = parseIngestRequest(request, limits);
          for (const item of parsed.items)
            if (!(item instanceof ValidationError)) expect(typeof item.title).toBe("string");
        });
      }),
      RUNS,
    );
  });

  it("never throws anything but a ValidationError on arbitrary bytes sent base64-encoded", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        onlyValidationErrors(() =>
          parseIngestRequest(
            {
              body: Buffer.from(bytes).toString("base64"),
              isBase64Encoded: true,
              headers: { "content-type": "application/json" },
            },
            limits,
          ),
        );
      }),
      RUNS,
    );
  });

  it("parses objects of any name and bytes without throwing anything but a ValidationError", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("a.txt", "a.json", "a.html", "a.htm", "a.png", "noext", "a.TXT"),
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          body.map((s) => new TextEncoder().encode(s)),
        ),
        (key, bytes) => onlyValidationErrors(() => parseObject(key, bytes, limits)),
      ),
      RUNS,
    );
  });
});

describe("the tagger on arbitrary text", () => {
  const tagger = loadTagger();
  it("never throws, and reports each topic at most once with a score in [0, 1]", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          text,
          fc.array(fc.oneof(text, fc.lorem({ maxCount: 12 })), { maxLength: 8 }).map((p) => p.join(". ")),
        ),
        fc.date({ min: new Date("1990-01-01"), max: new Date("2090-12-31"), noInvalidDate: true }),
        (input, referenceDate) => {
          const tags = tagger.tag(input, { referenceDate });
          const topics = tags.map((t) => t.topic);
          expect(new Set(topics).size).toBe(topics.length);
          for (const t of tags) {
            expect(tagger.topics).toContain(t.topic);
            expect(t.score).toBeGreaterThanOrEqual(0);
            expect(t.score).toBeLessThanOrEqual(1);
          }
        },
      ),
      RUNS,
    );
  });

  it("never throws on the topics' own vocabulary in arbitrary order", () => {
    const words = fc.constantFrom(
      "expelled",
      "expels",
      "diplomats",
      "embassy",
      "intelligence",
      "officers",
      "spy",
      "espionage",
      "deadline",
      "until",
      "by",
      "the",
      "end",
      "of",
      "May",
      "within",
      "72",
      "hours",
      "days",
      "next",
      "Friday",
      "persona",
      "non",
      "grata",
      "ordered",
      "to",
      "leave",
      ".",
      ",",
      "31",
      "2026",
      "tomorrow",
      "midnight",
      "weeks",
    );
    fc.assert(
      fc.property(
        fc.array(words, { maxLength: 40 }),
        fc.constantFrom("2026-05-12", "2026-12-31", "2024-02-29"),
        (w, date) => {
          expect(() => tagger.tag(w.join(" "), { referenceDate: date })).not.toThrow();
        },
      ),
      RUNS,
    );
  });
});

describe("normalisation is idempotent", () => {
  it("normaliseText(normaliseText(x)) === normaliseText(x)", () => {
    fc.assert(
      fc.property(text, (x) => {
        const once = normaliseText(x);
        expect(normaliseText(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  it("normaliseTitle(normaliseTitle(x)) === normaliseTitle(x)", () => {
    fc.assert(
      fc.property(text, (x) => {
        const once = normaliseTitle(x);
        expect(normaliseTitle(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  it("normalising the fields of a normalised article yields the same article", () => {
    const now = new Date("2026-06-01T12:00:00Z");
    const input = fc.record(
      {
        title: fc.oneof(text, fc.lorem({ maxCount: 6 })),
        body: fc.oneof(text, fc.lorem({ maxCount: 40 })),
        url: fc.webUrl({ withQueryParameters: true, withFragments: true }),
        source: text,
        publishedAt: fc
          .date({ noInvalidDate: true, min: new Date("1970-01-01"), max: new Date("2999-12-31") })
          .map((d) => d.toISOString()),
      },
      { requiredKeys: ["title", "body"] },
    );
    const html = fc.record({
      title: fc.oneof(text, fc.lorem({ maxCount: 6 })),
      html: fc
        .array(fc.oneof(text, fc.lorem({ maxCount: 12 })), { maxLength: 5 })
        .map((ps) => ps.map((p) => `<p>${p}</p>`).join("\n")),
    });
    fc.assert(
      fc.property(fc.oneof(input, html), (raw) => {
        let first: ReturnType<typeof normaliseArticle>;
        try {
          first = normaliseArticle(raw as ArticleInput, now);
        } catch (error) {
          if (error instanceof ValidationError) return; // rejected input has nothing to be idempotent about
          throw error;
        }
        const again = normaliseArticle(
          {
            title: first.title,
            body: first.text,
            ...(first.url !== undefined ? { url: first.url } : {}),
            ...(first.source !== undefined ? { source: first.source } : {}),
            publishedAt: first.publishedAt,
          },
          now,
        );
        expect(again).toEqual(first);
      }),
      { numRuns: 1000 },
    );
  });
});
