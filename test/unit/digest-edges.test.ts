/**
 * Digest edges beyond test/unit/digest.test.ts: the late-arrival window at each of its bounds, counting sources
 * without a story record, the wording for several stories, and the schedule's input.
 */
import { describe, expect, it } from "vitest";
import type { TaggedArticle } from "../../lambdas/core/article.ts";
import {
  buildDigest,
  digestPeriod,
  digestScheduleInput,
  selectDigestEntries,
} from "../../lambdas/core/digests/digest.ts";
import { article, ORIGINAL, OTHER_EXPULSION, TRIMMED_WITH_CREDIT } from "../support/story-texts.ts";

// The digest of 2026-03-04 07:00 covers 03-03 07:00 to 03-04 07:00; the one before it, from 03-02 07:00.
const period = digestPeriod("daily", new Date("2026-03-04T07:00:00Z"));

function stored(publishedAt: string, ingestedAt: string): TaggedArticle {
  return { ...article(OTHER_EXPULSION, ["expulsions"], { publishedAt }), ingestedAt };
}
const picked = (articles: TaggedArticle[]) =>
  selectDigestEntries(articles, new Map(), ["expulsions"], period).map((e) => e.articleId);

describe("the late-arrival window", () => {
  it("takes in an article from the very start of the previous period stored during this one", () => {
    const a = stored("2026-03-02T07:00:00.000Z", "2026-03-03T08:00:00.000Z");
    expect(picked([a])).toEqual([a.id]);
  });

  it("takes it in when it was stored at the very start of this period", () => {
    const a = stored("2026-03-03T06:59:00.000Z", "2026-03-03T07:00:00.000Z");
    expect(picked([a])).toEqual([a.id]);
  });

  it("leaves out an article older than the previous period, however late it was stored", () => {
    expect(picked([stored("2026-03-02T06:59:00.000Z", "2026-03-03T08:00:00.000Z")])).toEqual([]);
  });

  it("leaves out an article of the previous period stored only after this digest's time (the next one has it)", () => {
    expect(picked([stored("2026-03-03T06:00:00.000Z", "2026-03-04T07:00:00.000Z")])).toEqual([]);
  });

  it("leaves out an article dated after the period, even if stored during it", () => {
    expect(picked([stored("2026-03-04T09:00:00.000Z", "2026-03-03T20:00:00.000Z")])).toEqual([]);
  });
});

describe("a story without its story record", () => {
  const withStory = (a: TaggedArticle) => ({
    ...a,
    story: { storyId: "s".repeat(32), outcome: "joined" as const, newTopics: [], copies: 2, sources: 2 },
  });

  it("counts the distinct outlets among its copies", () => {
    const first = withStory(article(ORIGINAL, ["expulsions"], { publishedAt: "2026-03-03T09:00:00.000Z" }));
    const sameOutlet = withStory(
      article(TRIMMED_WITH_CREDIT, ["expulsions"], { publishedAt: "2026-03-03T10:00:00.000Z" }),
    );
    const otherOutlet = { ...sameOutlet, id: "b".repeat(32), source: "Sample Post" };
    const one = selectDigestEntries([first, sameOutlet], new Map(), ["expulsions"], period);
    expect(one.map((e) => [e.sources, e.copies])).toEqual([[1, 2]]);
    const two = selectDigestEntries([first, otherOutlet], new Map(), ["expulsions"], period);
    expect(two.map((e) => [e.sources, e.copies])).toEqual([[2, 2]]);
  });
});

describe("the digest text", () => {
  const group = { cadence: "daily" as const, topics: ["expulsions"] };
  const a = article(ORIGINAL, ["expulsions"], { publishedAt: "2026-03-03T09:00:00.000Z" });
  const b = article(OTHER_EXPULSION, ["expulsions"], { publishedAt: "2026-03-03T12:00:00.000Z" });

  it("says how many stories there are, in the subject, the email and the SMS", () => {
    const entries = selectDigestEntries([a, b], new Map(), ["expulsions"], period);
    const digest = buildDigest("daily:expulsions", group, period, entries);
    expect(digest.subject).toBe("[wirewatch] daily digest 2026-03-04: 2 stories on expulsions");
    expect(digest.message.email).toContain("Your daily wirewatch digest: 2 stories on expulsions");
    expect(digest.message.sms.startsWith("[daily digest 2026-03-04] 2 stories: ")).toBe(true);
  });

  it("names the outlet and the number of sources when several carried a story, and no source line without either", () => {
    const [entry] = selectDigestEntries([a], new Map(), ["expulsions"], period);
    if (!entry) throw new Error("no entry");
    const several = buildDigest("daily:expulsions", group, period, [{ ...entry, sources: 3 }]);
    expect(several.message.email).toContain("   Source: Example Wire, 3 sources\n");
    const { source: _source, ...anonymous } = entry;
    const none = buildDigest("daily:expulsions", group, period, [anonymous]);
    expect(none.message.email).not.toContain("Source:");
  });
});

describe("digestScheduleInput", () => {
  it("is the scheduled event of CONVENTIONS.md, its time filled in by Scheduler", () => {
    expect(JSON.parse(digestScheduleInput("weekly"))).toEqual({
      version: "0",
      source: "wirewatch.schedule",
      "detail-type": "Send digest",
      time: "<aws.scheduler.scheduled-time>",
      detail: { cadence: "weekly" },
    });
  });
});
