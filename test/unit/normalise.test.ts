import { describe, expect, it } from "vitest";
import { ValidationError } from "../../lambdas/core/errors.ts";
import {
  canonicalUrl,
  contentHash,
  htmlToText,
  normaliseArticle,
  normaliseText,
  normaliseTitle,
} from "../../lambdas/core/ingest/normalise.ts";

const NOW = new Date("2026-04-23T10:00:00Z");

describe("htmlToText", () => {
  it("keeps paragraphs, drops scripts, styles and comments, decodes entities", () => {
    const html =
      "<html><head><style>p{}</style></head><body><h1>Border &amp; envoys</h1><!-- hidden --><p>First&nbsp;paragraph.</p><script>steal()</script><p>Second &#8211; with &#x2019;quote&rsquo;.</p></body></html>";
    expect(htmlToText(html)).toBe("Border & envoys\n\nFirst paragraph.\n\nSecond – with ’quote’.");
  });

  it("leaves no markup behind", () => {
    expect(htmlToText('<div class="x"><a href="/y">link</a> <img src="z"> text</div>')).toBe("link text");
  });

  it("decodes every HTML entity, not a table of thirty", () => {
    expect(
      htmlToText("<p>&euro;5, &pound;4, Brand&trade;, &Eacute;tat, &hellip; &#x1F600; &frac12;</p>"),
    ).toBe("€5, £4, Brand™, État, … 😀 ½");
  });

  it("copes with unclosed paragraphs, stray end tags and text outside any element", () => {
    expect(htmlToText("<p>One<p>Two</div></span> three<br>four")).toBe("One\n\nTwo three\nfour");
  });

  it("survives very deep nesting", () => {
    const deep = `${"<div>".repeat(20_000)}core${"</div>".repeat(20_000)}`;
    expect(htmlToText(deep)).toBe("core");
  });
});

describe("normaliseText", () => {
  it("collapses spaces, strips control characters and unifies line endings", () => {
    expect(normaliseText("  one\u0007  two\r\n\r\n\r\nthree\u200b ")).toBe("one two\n\nthree");
  });
  it("reads C1 controls as the windows-1252 characters they stand for, and removes the unassigned ones", () => {
    expect(normaliseText("It\u0092s \u0093capped\u0094 \u0096 at \u0080 5\u008d")).toBe(
      "It’s “capped” – at € 5",
    );
  });
  it("is idempotent", () => {
    const once = normaliseText(" a \n\n\n b\t c ");
    expect(normaliseText(once)).toBe(once);
  });
});

describe("normaliseTitle", () => {
  it("flattens to one line and removes control characters, keeping the text as it is", () => {
    expect(normaliseTitle("Envoys\u0007 expelled\n after  row")).toBe("Envoys expelled after row");
  });
  it.each([
    ["a wire ticker", "STANDARD OIL <SRD> TO FORM FINANCIAL UNIT"],
    ["a comparison", "Profit <5% as costs rise >10%"],
    ["an ampersand and an entity-like text", "AT&T and the &amp; sign"],
    ["a script tag, which is text too", "<script>alert(1)</script> headline"],
  ])("keeps %s verbatim", (_name, title) => {
    expect(normaliseTitle(title)).toBe(title);
  });
});

describe("canonicalUrl", () => {
  it("forces https, lower-cases the host, drops www, fragments, tracking parameters and trailing slashes", () => {
    expect(
      canonicalUrl("http://WWW.News.Example.org/World/Story/?utm_source=x&b=2&a=1&fbclid=z#comments"),
    ).toBe("https://news.example.org/World/Story?a=1&b=2");
  });
  it("gives two spellings of one link the same URL", () => {
    expect(canonicalUrl("https://example.org/a/")).toBe(canonicalUrl("http://www.example.org/a#top"));
  });
  it.each([
    "javascript:alert(1)",
    "data:text/html,hi",
    "ftp://example.org/x",
    "not a url",
    "https://user:pw@example.org/",
  ])("rejects %s with a ValidationError", (url) => {
    expect(() => canonicalUrl(url)).toThrow(ValidationError);
  });
});

describe("contentHash", () => {
  it("ignores case and whitespace differences but not wording", () => {
    expect(contentHash("Title", "Some  text")).toBe(contentHash("title", "some text"));
    expect(contentHash("Title", "Some text")).not.toBe(contentHash("Title", "Other text"));
  });
});

describe("normaliseArticle", () => {
  it("derives a stable id from the content and fills the defaults", () => {
    const a = normaliseArticle({ title: "A story", body: "Enough words to count as an article body." }, NOW);
    const b = normaliseArticle(
      { title: "A story", body: "Enough  words to count as an article body.\n" },
      NOW,
    );
    expect(a.id).toMatch(/^[0-9a-f]{32}$/);
    expect(a.id).toBe(b.id);
    expect(a.publishedAt).toBe(NOW.toISOString());
  });

  it("converts html bodies and canonicalises the url", () => {
    const a = normaliseArticle(
      {
        title: "T",
        html: "<p>Paragraph one is here.</p><p>Paragraph two.</p>",
        url: "http://www.example.org/x/?utm_medium=rss",
      },
      NOW,
    );
    expect(a.text).toBe("Paragraph one is here.\n\nParagraph two.");
    expect(a.url).toBe("https://example.org/x");
  });

  it("takes date-only publishedAt as midnight UTC and rejects non-dates", () => {
    expect(
      normaliseArticle({ title: "T", body: "A body long enough to pass.", publishedAt: "2026-05-01" }, NOW)
        .publishedAt,
    ).toBe("2026-05-01T00:00:00.000Z");
    expect(() =>
      normaliseArticle({ title: "T", body: "A body long enough to pass.", publishedAt: "yesterday" }, NOW),
    ).toThrow(/publishedAt/);
  });

  it("rejects text that is empty after normalisation, naming the field", () => {
    expect(() => normaliseArticle({ title: "T", html: "<script>x()</script>  " }, NOW)).toThrow(
      /html has 0 characters/,
    );
  });

  it("is idempotent: normalising a normalised article changes nothing", () => {
    const first = normaliseArticle(
      {
        title: " Mixed <b>title</b> ",
        html: "<p>Body&nbsp;text that is long enough.</p>",
        url: "http://example.org/a/",
      },
      NOW,
    );
    const second = normaliseArticle(
      { title: first.title, body: first.text, url: first.url ?? "", publishedAt: first.publishedAt },
      NOW,
    );
    expect(second).toEqual(first);
  });
});
