import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  alertPayload,
  buildAlert,
  escapeHtml,
  gsm7Length,
  isGsm7,
  MAX_SUBJECT_LENGTH,
  plainLine,
  smsBudget,
  smsDisplayPrefix,
  smsSegments,
  smsText,
  toGsm7,
} from "../../lambdas/core/alerts/alert.ts";
import type { TaggedArticle } from "../../lambdas/core/article.ts";

const DEADLINE_TAG = {
  topic: "deadline",
  score: 0.77,
  evidence: "Moscow has until the end of May to bring its staff home.",
  deadline: { phrase: "until the end of May", date: "2026-05-31" },
};
const EXPULSIONS_TAG = {
  topic: "expulsions",
  score: 0.92,
  evidence: "Eighteen embassy staff were ordered out of the country.",
};

function article(overrides: Partial<TaggedArticle> = {}): TaggedArticle {
  return {
    id: "a1b2c3d4e5f6",
    contentHash: "0".repeat(64),
    title: "Prague limits the Russian embassy to the size of its own mission in Moscow",
    text: "Body text is not part of the alert.",
    url: "https://news.example.org/world/prague-embassy-cap",
    source: "Example Wire",
    publishedAt: "2026-04-22T07:30:00.000Z",
    ingestedAt: "2026-04-22T07:31:00.000Z",
    tags: [
      {
        topic: "expulsions",
        score: 0.92,
        evidence: "Eighteen embassy staff were ordered out of the country.",
      },
      {
        topic: "intelligence",
        score: 0.81,
        evidence: "Officials say the staff worked for military intelligence.",
      },
      {
        topic: "deadline",
        score: 0.77,
        evidence: "Moscow has until the end of May to bring its staff home.",
        deadline: { phrase: "until the end of May", date: "2026-05-31" },
      },
    ],
    ...overrides,
  };
}

const LONG_TITLE =
  "Ministers in Prague announce that the number of accredited Russian diplomats will be reduced to match the Czech presence in Moscow, after a long investigation";

describe("email subject", () => {
  it("names the topics and the title under the prefix", () => {
    expect(buildAlert(article({ tags: [EXPULSIONS_TAG] })).subject).toBe(
      "[wirewatch] expulsions: Prague limits the Russian embassy to the size of its own mission in Moscow",
    );
    expect(buildAlert(article()).subject).toBe(
      "[wirewatch] expulsions, intelligence, deadline: Prague limits the Russian embassy to the size...",
    );
  });

  it("stays under 100 characters with a long title and cuts it with an ellipsis", () => {
    const { subject } = buildAlert(article({ title: LONG_TITLE }));
    expect(subject.length).toBeLessThan(100);
    expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(subject.startsWith("[wirewatch] expulsions, intelligence, deadline: Ministers in Prague")).toBe(
      true,
    );
    expect(subject.endsWith("...")).toBe(true);
  });

  it("keeps a short title whole", () => {
    const { subject } = buildAlert(article({ title: "Embassy cut", tags: [EXPULSIONS_TAG] }));
    expect(subject).toBe("[wirewatch] expulsions: Embassy cut");
  });

  it("is printable ASCII on one line (SNS rejects anything else)", () => {
    const { subject } = buildAlert(article({ title: "Kulhánek’s “cap”\non the embassy — <IBM>\u0007" }));
    expect(subject).toBe(
      '[wirewatch] expulsions, intelligence, deadline: Kulhanek\'s "cap" on the embassy - <IBM>',
    );
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
  });

  it("holds for any title", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: "grapheme" }), (title) => {
        const { subject } = buildAlert(article({ title }));
        return subject.length < 100 && /^[\x20-\x7e]+$/.test(subject);
      }),
    );
  });
});

describe("email body", () => {
  it("has the title, topics, one evidence sentence per topic, the deadline, source and link", () => {
    const body = buildAlert(article()).message.email;
    const lines = body.split("\n");
    expect(lines[0]).toBe("Prague limits the Russian embassy to the size of its own mission in Moscow");
    expect(body).toContain("Topics: expulsions, intelligence, deadline");
    expect(body).toContain('- expulsions: "Eighteen embassy staff were ordered out of the country."');
    expect(body).toContain('- intelligence: "Officials say the staff worked for military intelligence."');
    expect(body).toContain('- deadline: "Moscow has until the end of May to bring its staff home."');
    expect(body).toContain("Deadline: until the end of May (2026-05-31)");
    expect(body).toContain("Source: Example Wire");
    expect(body).toContain("Link: https://news.example.org/world/prague-embassy-cap");
    expect(body).toContain("subscribed to wirewatch alerts on at least one of these topics");
  });

  it("shows the phrase alone when the deadline has no calendar date", () => {
    const tags = [{ ...DEADLINE_TAG, deadline: { phrase: "within days", date: null } }];
    expect(buildAlert(article({ tags })).message.email).toContain("Deadline: within days\n");
  });

  it("shows a title as the text it is (a plain-text body needs no escaping) and drops control characters", () => {
    const body = buildAlert(
      article({
        title: "Profit <5% at <IBM>\u0007 & partners",
        tags: [{ topic: "expulsions", score: 1, evidence: "Staff must leave\u0000 now." }],
      }),
    ).message.email;
    expect(body.split("\n")[0]).toBe("Profit <5% at <IBM> & partners");
    expect(body).toContain('- expulsions: "Staff must leave now."');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    expect(body).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });

  it("keeps even a script tag in a title as inert text (email bodies are plain text, never HTML)", () => {
    const body = buildAlert(
      article({
        title: "<h1>Embassy &amp; staff</h1><script>alert(1)</script>",
        tags: [
          {
            topic: "expulsions",
            score: 1,
            evidence: "Staff <em>must</em> leave\u0000 &lt;b&gt;now&lt;/b&gt;.",
          },
        ],
      }),
    ).message.email;
    expect(body.split("\n")[0]).toBe("<h1>Embassy &amp; staff</h1><script>alert(1)</script>");
    expect(body).toContain('- expulsions: "Staff <em>must</em> leave &lt;b&gt;now&lt;/b&gt;."');
    expect(body).not.toContain("\u0000");
  });

  it("leaves out source and link lines when the article has none", () => {
    const body = buildAlert(article({ url: undefined, source: undefined })).message.email;
    expect(body).not.toContain("Source:");
    expect(body).not.toContain("Link:");
  });
});

describe("SMS text", () => {
  it("fits one GSM-7 segment with topics, title and deadline, leaving room for SNS's display-name prefix", () => {
    const sms = buildAlert(article()).message.sms;
    expect(sms).toBe(
      "[expulsions,intelligence,deadline] Prague limits the Russian embassy to the size of its own mission in Moscow | deadline 2026-05-31",
    );
    expect(isGsm7(sms)).toBe(true);
    expect(smsDisplayPrefix()).toBe("WIREWATCH ALERTS> ");
    expect(smsBudget()).toBe(142);
    expect(gsm7Length(smsDisplayPrefix() + sms)).toBeLessThanOrEqual(160);
  });

  it("fits a custom budget", () => {
    const sms = smsText(article(), 100);
    expect(gsm7Length(sms)).toBeLessThanOrEqual(100);
    expect(sms).toMatch(
      /^\[expulsions,intelligence,deadline\] Prague limits the .*\.\.\. \| deadline 2026-05-31$/,
    );
  });

  it("keeps the link when there is room for it", () => {
    const sms = buildAlert(article({ title: "Embassy capped" })).message.sms;
    expect(sms).toBe(
      "[expulsions,intelligence,deadline] Embassy capped | deadline 2026-05-31 https://news.example.org/world/prague-embassy-cap",
    );
  });

  it("cuts a long title rather than spilling into a second segment", () => {
    const sms = buildAlert(article({ title: LONG_TITLE })).message.sms;
    expect(gsm7Length(sms)).toBeLessThanOrEqual(smsBudget());
    expect(sms).toContain("Ministers in Prague");
    expect(sms).toContain("...");
    expect(sms).toContain("| deadline 2026-05-31");
  });

  it("transliterates rather than forcing a 70-character UCS-2 segment", () => {
    const sms = buildAlert(article({ title: "Kulhánek: “18 must go” – Moscow’s embassy halved…" })).message
      .sms;
    expect(sms).toContain('Kulhanek: "18 must go" - Moscow\'s embassy');
    expect(smsSegments(sms)).toEqual({ encoding: "GSM-7", units: gsm7Length(sms), segments: 1 });
  });

  it("never carries control characters, and shows a ticker in a title as the text it is", () => {
    const sms = buildAlert(article({ title: "<IBM>\u001b[31m capped\r\n\tprofit <5%", url: undefined }))
      .message.sms;
    expect(sms).toBe("[expulsions,intelligence,deadline] <IBM>[31m capped profit <5% | deadline 2026-05-31");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    expect(sms).not.toMatch(/[\u0000-\u001f]/);
  });

  it("is always one GSM-7 segment, whatever the title, url and deadline phrase", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300, unit: "grapheme" }),
        fc.option(fc.webUrl(), { nil: undefined }),
        fc.string({ maxLength: 120 }),
        (title, url, phrase) => {
          const tags = [{ topic: "deadline", score: 1, evidence: "x", deadline: { phrase, date: null } }];
          const sms = buildAlert(article({ title, url, tags })).message.sms;
          return isGsm7(sms) && gsm7Length(smsDisplayPrefix() + sms) <= 160 && !sms.includes("\u001b");
        },
      ),
    );
  });
});

describe("GSM-7 helpers", () => {
  it("counts extension-table characters as two septets", () => {
    expect(gsm7Length("abc")).toBe(3);
    expect(gsm7Length("{}[]~^|€\\")).toBe(18);
    expect(gsm7Length("é£ü")).toBe(3);
  });

  it("recognises the GSM-7 alphabet", () => {
    expect(isGsm7("Straße à Zürich {ok} €5")).toBe(true);
    expect(isGsm7("Kulhánek")).toBe(false);
    expect(isGsm7("“quoted”")).toBe(false);
  });

  it("transliterates accents, quotes, dashes and ellipses, keeping GSM-7 letters", () => {
    expect(toGsm7("Kulhánek")).toBe("Kulhanek");
    expect(toGsm7("Babiš, Hamáček, Łódź, Œuvre")).toBe("Babis, Hamacek, Lodz, OEuvre");
    expect(toGsm7("‘a’ “b” – c — d…")).toBe("'a' \"b\" - c - d...");
    expect(toGsm7("café Zürich Ñandú")).toBe("café Zürich Ñandu");
    expect(toGsm7("ok 😀 then")).toBe("ok  then");
    expect(toGsm7("中")).toBe("?");
  });

  it("produces GSM-7 for any input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => isGsm7(toGsm7(s)) && !toGsm7(s).includes("\u001b")),
    );
  });

  it("flattens text to one line and leaves what looks like markup as text", () => {
    expect(plainLine("One\n two <b> &amp;\u0007 three")).toBe("One two <b> &amp; three");
  });

  it("escapeHtml encodes a title for an HTML context", () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;y&apos;",
    );
  });
});

describe("default JSON body", () => {
  it("round-trips the full structured alert", () => {
    const a = article();
    const alert = buildAlert(a);
    const parsed: unknown = JSON.parse(alert.message.default);
    expect(parsed).toEqual(alertPayload(a));
    expect(parsed).toMatchObject({
      kind: "wirewatch.alert",
      articleId: a.id,
      title: a.title,
      topics: ["expulsions", "intelligence", "deadline"],
      tags: a.tags,
      deadline: { phrase: "until the end of May", date: "2026-05-31" },
      url: a.url,
      source: a.source,
      publishedAt: a.publishedAt,
    });
  });

  it("lists each topic once and sets the publish attributes", () => {
    const tags = [...article().tags, { topic: "expulsions", score: 0.5, evidence: "again" }];
    const alert = buildAlert(article({ tags }));
    expect(alert.topics).toEqual(["expulsions", "intelligence", "deadline"]);
    expect(alert.articleId).toBe("a1b2c3d4e5f6");
  });
});
