/**
 * Alert text and routing edges beyond test/unit/alert.test.ts, test/unit/filter-policy.test.ts and
 * test/unit/phone-number.test.ts: segment counts at their limits, characters that reach GSM-7 only in two steps,
 * articles without topics or title, the story's source count, the SNS matching operators the local bus relies
 * on, and the messages a subscriber sees when a subscription is refused.
 */
import { describe, expect, it } from "vitest";
import {
  emailBody,
  emailSubject,
  inertJson,
  smsBudget,
  smsDisplayPrefix,
  smsSegments,
  smsText,
  toAscii,
  toGsm7,
  truncate,
} from "../../lambdas/core/alerts/alert.ts";
import {
  assertWithinLimits,
  audienceOf,
  buildFilterPolicy,
  type FilterPolicy,
  matchesFilterPolicy,
  parseFilterPolicy,
  parseTopicList,
  policyFor,
  policyTopics,
} from "../../lambdas/core/alerts/filter-policy.ts";
import { parseSmsNumber } from "../../lambdas/core/alerts/phone-number.ts";
import type { TaggedArticle } from "../../lambdas/core/article.ts";

function article(overrides: Partial<TaggedArticle> = {}): TaggedArticle {
  return {
    id: "a1b2c3d4e5f6",
    contentHash: "0".repeat(64),
    title: "Envoys given a week to leave",
    text: "Body text is not part of the alert.",
    url: "https://news.example.org/envoys",
    source: "Example Wire",
    publishedAt: "2026-04-22T07:30:00.000Z",
    ingestedAt: "2026-04-22T07:31:00.000Z",
    tags: [{ topic: "expulsions", score: 0.9, evidence: "Four envoys were told to leave." }],
    ...overrides,
  };
}
const inStory = (sources: number) => ({
  story: {
    storyId: "s".repeat(32),
    outcome: "joined" as const,
    newTopics: ["expulsions"],
    copies: sources,
    sources,
  },
});

describe("SMS segments", () => {
  it("counts one GSM-7 segment up to 160 septets, then 153 per part", () => {
    expect(smsSegments("a".repeat(160))).toEqual({ encoding: "GSM-7", units: 160, segments: 1 });
    expect(smsSegments("a".repeat(161)).segments).toBe(2);
    expect(smsSegments("a".repeat(306)).segments).toBe(2);
    expect(smsSegments("a".repeat(307)).segments).toBe(3);
  });

  it("counts one UCS-2 segment up to 70 characters, then 67 per part, for text outside GSM-7", () => {
    expect(smsSegments("Ж".repeat(70))).toEqual({ encoding: "UCS-2", units: 70, segments: 1 });
    expect(smsSegments("Ж".repeat(71)).segments).toBe(2);
    expect(smsSegments("Ж".repeat(134)).segments).toBe(2);
    expect(smsSegments("Ж".repeat(135)).segments).toBe(3);
  });

  it("leaves the whole segment to the text when the topic has no display name", () => {
    expect(smsDisplayPrefix("")).toBe("");
    expect(smsBudget("")).toBe(160);
    expect(smsDisplayPrefix("Gulf desk")).toBe("GULF DESK> ");
  });
});

describe("transliteration in two steps", () => {
  it("spells out degree signs and superscript minus that only decompose into characters of the table", () => {
    expect(toGsm7("Heat of 41\u2103 (106\u2109) in Seville")).toBe("Heat of 41 degC (106 degF) in Seville");
    expect(toAscii("a rate of 10\u207b\u00b3")).toBe("a rate of 10-3");
  });
});

describe("truncate", () => {
  it("ends a cut text in a single-character ellipsis by default, at a word break", () => {
    expect(truncate("Envoys given a week to leave the country", 20)).toBe("Envoys given a\u2026");
  });

  it("never returns more than the limit, even when the limit is shorter than the ellipsis", () => {
    expect(truncate("Envoys expelled", 3, { ellipsis: "..." })).toBe("...");
    expect(truncate("Envoys expelled", 2, { ellipsis: "..." })).toBe("");
  });
});

describe("alerts for articles without topics, title or a single source", () => {
  it("says 'alert' where the topics would go, and '(none)' in the email", () => {
    const bare = article({ tags: [] });
    expect(emailSubject(bare)).toBe("[wirewatch] alert: Envoys given a week to leave");
    expect(emailBody(bare)).toContain("Topics: (none)");
    expect(smsText(bare).startsWith("[alert] Envoys given a week to leave")).toBe(true);
  });

  it("names the article by its id when its title cleans to nothing", () => {
    const untitled = article({ title: "\u200b\u0007" });
    expect(emailSubject(untitled)).toBe("[wirewatch] expulsions: article a1b2c3d4e5f6");
    expect(emailBody(untitled).split("\n")[0]).toBe("article a1b2c3d4e5f6");
  });

  it("caps a long topic list in the subject so the title keeps its room", () => {
    const topics = ["expulsions", "intelligence", "sanctions", "deadline", "diplomacy", "elections"];
    const many = article({ tags: topics.map((topic) => ({ topic, score: 0.9, evidence: `${topic}.` })) });
    const subject = emailSubject(many);
    expect(subject.startsWith("[wirewatch] expulsions, intelligence, sanctions...: ")).toBe(true);
    expect(subject).toContain("Envoys given a week to leave");
    expect(subject.length).toBeLessThan(100);
  });

  it("tells how many outlets carried the story, in the email and the SMS", () => {
    const carried = article(inStory(3));
    expect(emailBody(carried)).toContain("\nReported by: 3 sources\n");
    expect(smsText(carried)).toContain(" | 3 sources");
    expect(emailBody(article(inStory(1)))).not.toContain("Reported by");
  });

  it("shows a deadline without a calendar date by its phrase in the SMS", () => {
    const vague = article({
      tags: [
        {
          topic: "deadline",
          score: 0.8,
          evidence: "They must leave soon.",
          deadline: { phrase: "within the coming days", date: null },
        },
      ],
      url: undefined,
    });
    expect(smsText(vague)).toBe("[deadline] Envoys given a week to leave | deadline within the coming days");
  });
});

describe("the SMS tail", () => {
  it("is only the link when there is no deadline and one source", () => {
    expect(smsText(article())).toBe(
      "[expulsions] Envoys given a week to leave https://news.example.org/envoys",
    );
  });

  it("cuts a long dateless deadline phrase to 40 septets with three dots, staying GSM-7", () => {
    const phrase = "within the coming days of the negotiations between the two governments";
    const long = article({
      tags: [{ topic: "deadline", score: 0.8, evidence: "Soon.", deadline: { phrase, date: null } }],
      url: undefined,
    });
    const sms = smsText(long);
    expect(sms).toMatch(/ \| deadline within the coming days of the\.\.\.$/);
    expect(sms).not.toContain("\u2026");
  });
});

describe("the JSON body", () => {
  it("escapes <, > and & so a pasted alert stays inert, and parses back to the same text", () => {
    const text = inertJson({ title: "<script>alert(1)</script> & more" });
    expect(text).toBe('{"title":"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026 more"}');
    expect(JSON.parse(text)).toEqual({ title: "<script>alert(1)</script> & more" });
  });
});

describe("subscription refusals a subscriber reads", () => {
  it("names every unknown topic, and says when no topic is defined at all", () => {
    expect(() => buildFilterPolicy(["spies", "coups"], ["expulsions", "deadline"])).toThrow(
      'unknown topics "spies", "coups"; valid topics: expulsions, deadline',
    );
    expect(() => buildFilterPolicy(["spies"], [])).toThrow(
      'unknown topic "spies"; valid topics: (none defined)',
    );
  });

  it("asks for at least one topic, listing the valid ones when there are any", () => {
    expect(() => buildFilterPolicy([" , "], ["expulsions", "deadline"])).toThrow(
      "choose at least one topic; valid topics: expulsions, deadline",
    );
    expect(() => buildFilterPolicy([], [])).toThrow(/^choose at least one topic$/);
  });

  it("shows the number as typed, trimmed, when refusing it", () => {
    expect(() => parseSmsNumber("  +15550100 ")).toThrow(/^"\+15550100" has 7 digits after \+1/);
  });

  it("refuses a letter O typed for a zero", () => {
    expect(() => parseSmsNumber("+44 20 7946 O958")).toThrow(/characters other than digits/);
  });
});

describe("policies", () => {
  it("reads a comma-separated topic list given as one string", () => {
    expect(parseTopicList("Expulsions, deadline ,,")).toEqual(["expulsions", "deadline"]);
  });

  it("refuses a policy or an alternative without keys, and a key without values", () => {
    expect(() => assertWithinLimits({})).toThrow("a filter policy needs at least one key");
    expect(() => assertWithinLimits({ topics: [] })).toThrow(
      'filter policy key "topics" needs a non-empty array of values',
    );
    expect(() => assertWithinLimits({ topics: "expulsions" } as unknown as FilterPolicy)).toThrow(
      /non-empty array/,
    );
  });

  it("refuses a FilterPolicy attribute that is not a JSON object", () => {
    expect(() => parseFilterPolicy('["expulsions"]')).toThrow("a filter policy must be a JSON object");
  });

  it("lists a later copy's audience sorted, whatever order the subscriptions came in", () => {
    expect(
      audienceOf(
        [["sanctions"], ["deadline", "sanctions"], ["diplomacy"]],
        ["sanctions", "diplomacy"],
        ["expulsions"],
      ),
    ).toEqual(["deadline+sanctions", "diplomacy", "sanctions"]);
  });

  it("reads the topics of a digest policy from its group, and the plain topics of a policy it did not build", () => {
    expect(policyTopics(policyFor(["sanctions", "deadline"], { cadence: "weekly" }))).toEqual([
      "deadline",
      "sanctions",
    ]);
    expect(policyTopics({ topics: ["expulsions", { prefix: "intel" }], kind: ["alert"] })).toEqual([
      "expulsions",
    ]);
    expect(policyTopics(undefined)).toEqual([]);
  });
});

describe("matching as SNS does", () => {
  const number = (n: string) => ({ DataType: "Number", StringValue: n });
  const string = (s: string) => ({ DataType: "String", StringValue: s });

  it("matches Number attributes by value, and never a number that does not parse", () => {
    expect(matchesFilterPolicy({ priority: [5] }, { priority: number("5") })).toBe(true);
    expect(matchesFilterPolicy({ priority: [5] }, { priority: string("5") })).toBe(false);
    expect(matchesFilterPolicy({ priority: [{ "anything-but": [1] }] }, { priority: number("five") })).toBe(
      false,
    );
  });

  it("matches a prefix only on strings", () => {
    expect(matchesFilterPolicy({ priority: [{ prefix: "5" }] }, { priority: number("5") })).toBe(false);
  });

  it("reads anything-but with a prefix, a single value or a list", () => {
    const draft = { kind: [{ "anything-but": { prefix: "draft" } }] };
    expect(matchesFilterPolicy(draft, { kind: string("draft-alert") })).toBe(false);
    expect(matchesFilterPolicy(draft, { kind: string("alert") })).toBe(true);
    expect(matchesFilterPolicy({ kind: [{ "anything-but": "digest" }] }, { kind: string("alert") })).toBe(
      true,
    );
    expect(matchesFilterPolicy({ kind: [{ "anything-but": "digest" }] }, { kind: string("digest") })).toBe(
      false,
    );
    const neither = { kind: [{ "anything-but": ["digest", "reminder"] }] };
    expect(matchesFilterPolicy(neither, { kind: string("reminder") })).toBe(false);
    expect(matchesFilterPolicy(neither, { kind: string("alert") })).toBe(true);
  });

  it("lets a number through an anything-but prefix, which only excludes strings", () => {
    expect(
      matchesFilterPolicy({ priority: [{ "anything-but": { prefix: "5" } }] }, { priority: number("5") }),
    ).toBe(true);
  });

  it("matches nothing, not even anything-but, on a String.Array that is not a JSON array", () => {
    const broken = { topics: { DataType: "String.Array", StringValue: "expulsions" } };
    expect(matchesFilterPolicy({ topics: [{ "anything-but": ["deadline"] }] }, broken)).toBe(false);
  });
});
