import { describe, expect, it } from "vitest";
import { gsm7Length, smsBudget } from "../../lambdas/core/alerts/alert.ts";
import type { TaggedArticle } from "../../lambdas/core/article.ts";
import { buildDigest, digestPeriod, selectDigestEntries } from "../../lambdas/core/digests/digest.ts";
import type { Story } from "../../lambdas/core/stories/story.ts";
import { article, ORIGINAL, OTHER_EXPULSION, TRIMMED_WITH_CREDIT } from "../support/story-texts.ts";

const period = digestPeriod("daily", new Date("2026-03-04T07:00:00Z"));

function storyOf(members: TaggedArticle[]): Story {
  const first = members[0] as TaggedArticle;
  return {
    storyId: first.id,
    firstArticleId: first.id,
    title: first.title,
    firstPublishedAt: first.publishedAt,
    latestPublishedAt: members.at(-1)?.publishedAt ?? first.publishedAt,
    topics: [...new Set(members.flatMap((m) => m.tags.map((t) => t.topic)))],
    members: Object.fromEntries(
      members.map((m) => [
        m.id,
        {
          articleId: m.id,
          publishedAt: m.publishedAt,
          source: m.source ?? m.id,
          topics: m.tags.map((t) => t.topic),
          newTopics: [],
        },
      ]),
    ),
    version: members.length,
  };
}

function inStory(a: TaggedArticle, story: string, copies = 1): TaggedArticle {
  return { ...a, story: { storyId: story, outcome: "new", newTopics: [], copies, sources: copies } };
}

describe("digest period", () => {
  it("ends at the schedule's time and spans the cadence", () => {
    expect(period).toEqual({
      cadence: "daily",
      from: "2026-03-03T07:00:00.000Z",
      to: "2026-03-04T07:00:00.000Z",
    });
    expect(digestPeriod("weekly", new Date("2026-03-09T07:00:00Z")).from).toBe("2026-03-02T07:00:00.000Z");
  });
});

describe("selectDigestEntries", () => {
  const original = article(ORIGINAL, ["expulsions", "intelligence"], {
    publishedAt: "2026-03-03T09:00:00.000Z",
  });
  const copy = article(TRIMMED_WITH_CREDIT, ["expulsions", "intelligence"], {
    publishedAt: "2026-03-03T11:00:00.000Z",
    source: "Sample Post",
  });
  const other = article(OTHER_EXPULSION, ["expulsions", "deadline"], {
    publishedAt: "2026-03-03T15:00:00.000Z",
    deadline: { phrase: "within 48 hours", date: "2026-03-05" },
  });
  const story = storyOf([original, copy]);
  const stories = new Map([
    [story.storyId, story],
    [other.id, storyOf([other])],
  ]);
  const a = [inStory(original, story.storyId), inStory(copy, story.storyId, 2), inStory(other, other.id)];

  it("lists each story once, however many topics and copies of it match", () => {
    // The query results hold each article once per topic: expulsions and intelligence.
    const entries = selectDigestEntries(
      [...a, ...a],
      stories,
      ["expulsions", "intelligence", "deadline"],
      period,
    );
    expect(entries.map((e) => e.storyId)).toEqual([story.storyId, other.id]);
    expect(entries[0]).toMatchObject({
      articleId: original.id,
      title: ORIGINAL.title,
      topics: ["expulsions", "intelligence"],
      sources: 2,
      copies: 2,
    });
    expect(entries[0]?.evidence).toEqual([
      { topic: "expulsions", evidence: "Evidence for expulsions." },
      { topic: "intelligence", evidence: "Evidence for intelligence." },
    ]);
    expect(entries[1]?.deadline).toEqual({ phrase: "within 48 hours", date: "2026-03-05" });
  });

  it("keeps only the group's topics and the period's stories; an empty period gives nothing", () => {
    expect(selectDigestEntries(a, stories, ["deadline"], period).map((e) => e.storyId)).toEqual([other.id]);
    const next = digestPeriod("daily", new Date("2026-03-05T07:00:00Z"));
    expect(selectDigestEntries(a, stories, ["expulsions"], next)).toEqual([]);
  });

  it("leaves out a story first seen on these topics in an earlier period", () => {
    const early = article(ORIGINAL, ["expulsions"], { publishedAt: "2026-03-02T20:00:00.000Z" });
    const s = storyOf([early, copy]);
    const later = inStory(copy, s.storyId, 2);
    expect(selectDigestEntries([later], new Map([[s.storyId, s]]), ["expulsions"], period)).toEqual([]);
  });

  it("takes in an article of the previous period that was stored only during this one", () => {
    const late = { ...article(OTHER_EXPULSION, ["expulsions"], { publishedAt: "2026-03-03T06:50:00.000Z" }) };
    late.ingestedAt = "2026-03-03T07:20:00.000Z";
    const entries = selectDigestEntries([late], new Map(), ["expulsions"], period);
    expect(entries.map((e) => e.articleId)).toEqual([late.id]);
  });
});

describe("buildDigest", () => {
  it("gives each story its evidence line and link, for the group's subscribers only", () => {
    const a = article(ORIGINAL, ["expulsions"], { publishedAt: "2026-03-03T09:00:00.000Z" });
    const entries = selectDigestEntries([a], new Map(), ["expulsions"], period);
    const digest = buildDigest(
      "daily:expulsions",
      { cadence: "daily", topics: ["expulsions"] },
      period,
      entries,
    );
    expect(digest).toMatchObject({ kind: "digest", digestGroup: "daily:expulsions" });
    expect(digest.subject).toBe("[wirewatch] daily digest 2026-03-04: 1 story on expulsions");
    expect(digest.message.email).toContain(`1. ${ORIGINAL.title}`);
    expect(digest.message.email).toContain('- expulsions: "Evidence for expulsions."');
    expect(digest.message.email).toContain(`Link: https://news.example.org/${a.id}`);
    expect(gsm7Length(digest.message.sms)).toBeLessThanOrEqual(smsBudget());
    expect(JSON.parse(digest.message.default)).toMatchObject({
      kind: "wirewatch.digest",
      group: "daily:expulsions",
    });
  });
});
