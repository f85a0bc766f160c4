/**
 * The remind and digest handlers' decisions, with the ports as plain in-memory fakes (the embedded-tier runs of
 * both are in test/integration/stories.test.ts): which events they refuse, when a deadline counts as over, what a
 * reminder says about its story, and that a failed publish leaves no sent marker, so the schedule's retry sends.
 */
import { describe, expect, it } from "vitest";
import { buildFilterPolicy, type FilterPolicy } from "../../lambdas/core/alerts/filter-policy.ts";
import type { TaggedArticle } from "../../lambdas/core/article.ts";
import { ValidationError } from "../../lambdas/core/errors.ts";
import type { Alert } from "../../lambdas/core/ports.ts";
import type { Story } from "../../lambdas/core/stories/story.ts";
import { createDigestHandler } from "../../lambdas/digest/app.ts";
import { createRemindHandler } from "../../lambdas/remind/app.ts";
import { recordingTelemetry } from "../support/recording-telemetry.ts";

const KNOWN = ["expulsions", "intelligence", "deadline"];

function fakeMarkers() {
  const sent = new Map<string, Record<string, unknown>>();
  const checked: string[] = [];
  return {
    sent,
    checked,
    markers: {
      isSent: async (key: { pk: string; sk: string }) => {
        checked.push(`${key.pk}|${key.sk}`);
        return sent.has(`${key.pk}|${key.sk}`);
      },
      markSent: async (key: { pk: string; sk: string }, attributes: Record<string, unknown> = {}) =>
        void sent.set(`${key.pk}|${key.sk}`, attributes),
    },
  };
}

function fakePublisher(fail?: string) {
  const published: Alert[] = [];
  return {
    published,
    publisher: {
      async publish(alerts: readonly Alert[]) {
        if (fail)
          return { published: [], failed: alerts.map((a) => ({ articleId: a.articleId, reason: fail })) };
        published.push(...alerts);
        return { published: alerts.map((a) => a.articleId), failed: [] };
      },
    },
  };
}

const story = (o: Partial<Story> = {}): Story => ({
  storyId: "st-1",
  firstArticleId: "a-1",
  title: "Port authority orders crews ashore",
  firstPublishedAt: "2026-04-01T08:00:00Z",
  latestPublishedAt: "2026-04-01T12:00:00Z",
  topics: ["deadline", "expulsions"],
  members: {
    "a-1": {
      articleId: "a-1",
      publishedAt: "2026-04-01T08:00:00Z",
      source: "North Wire",
      topics: ["deadline"],
      newTopics: ["deadline"],
    },
    "a-2": {
      articleId: "a-2",
      publishedAt: "2026-04-01T12:00:00Z",
      source: "South Post",
      topics: ["deadline", "expulsions"],
      newTopics: ["expulsions"],
    },
  },
  version: 2,
  ...o,
});

const reminderEvent = (time: string, detail: Record<string, unknown> = {}) => ({
  version: "0",
  source: "wirewatch.schedule",
  "detail-type": "Send reminder",
  time,
  detail: {
    storyId: "st-1",
    articleId: "a-1",
    title: "Port authority orders crews ashore",
    topics: ["deadline"],
    deadline: { phrase: "by 10 April", date: "2026-04-10" },
    ...detail,
  },
});

function remind(o: { story?: Story; fail?: string } = {}) {
  const rec = recordingTelemetry("remind");
  const m = fakeMarkers();
  const p = fakePublisher(o.fail);
  const read: string[] = [];
  const handler = createRemindHandler({
    stories: {
      getStory: async (id) => {
        read.push(id);
        return o.story && o.story.storyId === id ? o.story : undefined;
      },
    },
    markers: m.markers,
    publisher: p.publisher,
    telemetry: rec.telemetry,
    markerKey: (storyId, date) => ({ pk: `REMINDER#${storyId}`, sk: date }),
  });
  return { handler, rec, ...m, ...p, read };
}

const payloadOf = (alert: Alert | undefined) =>
  JSON.parse(alert?.message.default ?? "{}") as Record<string, unknown>;

describe("remind handler", () => {
  it("refuses an event that is not a Send reminder, naming the first problem, and sends nothing", async () => {
    const r = remind();
    const error = await r
      .handler({ ...reminderEvent("2026-04-09T09:00:00Z"), "detail-type": "Send digest" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/^not a "Send reminder" event: \S/);
    expect(r.rec.logged("not a Send reminder event")[0]?.level).toBe("error");
    expect(r.published).toEqual([]);
  });

  it("sends up to the last moment of the deadline's day, and nothing from the next midnight on", async () => {
    const last = remind();
    expect(await last.handler(reminderEvent("2026-04-10T23:59:59.999Z"))).toMatchObject({ outcome: "sent" });
    const over = remind();
    expect(await over.handler(reminderEvent("2026-04-11T00:00:00Z"))).toEqual({
      outcome: "skipped",
      storyId: "st-1",
      date: "2026-04-10",
      reason: "the deadline 2026-04-10 is over",
    });
    expect(over.published).toEqual([]);
    expect(over.checked).toEqual([]);
    expect(over.rec.logged("deadline already over; no reminder")[0]?.extra).toEqual({
      storyId: "st-1",
      date: "2026-04-10",
    });
  });

  it("names the story's current sources and the union of its topics, stamped with the schedule's time", async () => {
    const r = remind({ story: story() });
    const out = await r.handler(reminderEvent("2026-04-09T09:00:00+00:00"));
    expect(out).toEqual({ outcome: "sent", storyId: "st-1", date: "2026-04-10", sources: 2 });
    expect(r.read).toEqual(["st-1"]);
    const [alert] = r.published;
    expect(alert?.topics).toEqual(["deadline", "expulsions"]);
    expect(payloadOf(alert)).toMatchObject({
      sources: 2,
      sentAt: "2026-04-09T09:00:00.000Z",
      topics: ["deadline", "expulsions"],
    });
    expect(r.sent.get("REMINDER#st-1|2026-04-10")).toEqual({ articleId: "a-1" });
  });

  it("counts one source and keeps the event's topics when the story is gone", async () => {
    const r = remind();
    const out = await r.handler(
      reminderEvent("2026-04-09T09:00:00Z", { topics: ["deadline", "intelligence"] }),
    );
    expect(out).toMatchObject({ outcome: "sent", sources: 1 });
    expect(r.published[0]?.topics).toEqual(["deadline", "intelligence"]);
  });

  it("throws on a failed publish, with its reason, and writes no marker, so the retry sends it", async () => {
    const r = remind({ fail: "Throttling: Rate exceeded" });
    await expect(r.handler(reminderEvent("2026-04-09T09:00:00Z"))).rejects.toThrow(
      "reminder could not be published: Throttling: Rate exceeded",
    );
    expect(r.sent.size).toBe(0);
    expect(r.rec.counts).toEqual([]);
    expect(r.rec.flushes()).toBe(1);
  });
});

const article = (id: string, topics: string[], storyId: string, publishedAt: string): TaggedArticle => ({
  id,
  contentHash: id.padEnd(64, "0"),
  title: `Harbour item ${id}`,
  text: "A body written for these tests.",
  publishedAt,
  ingestedAt: publishedAt,
  tags: topics.map((topic) => ({ topic, score: 0.8, evidence: `Why ${topic}.` })),
  story: { storyId, outcome: "new", newTopics: topics, priorTopics: [], copies: 1, sources: 1 },
});

function digest(o: { policies: FilterPolicy[]; articles: TaggedArticle[]; fail?: string }) {
  const rec = recordingTelemetry("digest");
  const m = fakeMarkers();
  const p = fakePublisher(o.fail);
  const queries: [string, string, string][] = [];
  const handler = createDigestHandler({
    subscriptions: { policies: async () => o.policies },
    articles: {
      async listByTopic(topic, from, to) {
        queries.push([topic, from, to]);
        return o.articles.filter(
          (a) => a.tags.some((t) => t.topic === topic) && a.ingestedAt >= from && a.ingestedAt <= to,
        );
      },
    },
    stories: {
      getStories: async (ids) =>
        ids.map((storyId) => {
          const a = o.articles.find((x) => x.story?.storyId === storyId) as TaggedArticle;
          return story({
            storyId,
            firstArticleId: a.id,
            title: a.title,
            firstPublishedAt: a.publishedAt,
            latestPublishedAt: a.publishedAt,
            topics: a.tags.map((t) => t.topic),
            members: {
              [a.id]: {
                articleId: a.id,
                publishedAt: a.publishedAt,
                source: "North Wire",
                topics: a.tags.map((t) => t.topic),
                newTopics: a.tags.map((t) => t.topic),
              },
            },
          });
        }),
    },
    markers: m.markers,
    publisher: p.publisher,
    telemetry: rec.telemetry,
    markerKey: (cadence, periodEnd, group) => ({ pk: `DIGEST#${cadence}#${group}`, sk: periodEnd }),
  });
  return { handler, rec, ...m, ...p, queries };
}

const digestEvent = (cadence: string, time = "2026-04-02T07:00:00Z") => ({
  version: "0",
  source: "wirewatch.schedule",
  "detail-type": "Send digest",
  time,
  detail: { cadence },
});

describe("digest handler", () => {
  it("refuses an event that is not a Send digest, naming the first problem", async () => {
    const d = digest({ policies: [], articles: [] });
    const error = await d.handler(digestEvent("hourly")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/^not a "Send digest" event: \S/);
    expect(d.rec.logged("not a Send digest event")[0]?.level).toBe("error");
  });

  it("sends the daily group only to daily subscribers' topic sets, reading one period back for late-stored copies", async () => {
    const d = digest({
      policies: [
        buildFilterPolicy(["deadline"], KNOWN, { cadence: "daily" }),
        buildFilterPolicy(["intelligence"], KNOWN, { cadence: "weekly" }),
        buildFilterPolicy(["expulsions"], KNOWN),
      ],
      articles: [article("d1", ["deadline"], "s-d1", "2026-04-01T12:00:00Z")],
    });
    const out = await d.handler(digestEvent("daily"));
    expect(out.period).toEqual({ from: "2026-04-01T07:00:00.000Z", to: "2026-04-02T07:00:00.000Z" });
    expect(out.digests).toEqual([{ group: "daily:deadline", outcome: "sent", stories: 1 }]);
    expect(d.queries).toEqual([["deadline", "2026-03-31T07:00:00.000Z", "2026-04-02T07:00:00.000Z"]]);
    expect(d.sent.get("DIGEST#daily#daily:deadline|2026-04-02T07:00:00.000Z")).toEqual({ stories: 1 });
  });

  it("reads each topic once for all the groups that share it, and says when a group's period is empty", async () => {
    const d = digest({
      policies: [
        buildFilterPolicy(["deadline"], KNOWN, { cadence: "daily" }),
        buildFilterPolicy(["deadline", "intelligence"], KNOWN, { cadence: "daily" }),
        buildFilterPolicy(["intelligence"], KNOWN, { cadence: "daily" }),
      ],
      articles: [article("d2", ["deadline"], "s-d2", "2026-04-01T12:00:00Z")],
    });
    const out = await d.handler(digestEvent("daily"));
    expect(out.digests).toEqual([
      { group: "daily:deadline", outcome: "sent", stories: 1 },
      { group: "daily:deadline+intelligence", outcome: "sent", stories: 1 },
      { group: "daily:intelligence", outcome: "empty", stories: 0 },
    ]);
    expect(d.queries.map(([t]) => t)).toEqual(["deadline", "intelligence"]);
    expect(d.rec.logged("nothing in the period; no digest")[0]?.extra).toMatchObject({
      group: "daily:intelligence",
    });
    expect(d.rec.count("DigestsSent")).toBe(2);
  });

  it("throws on a failed publish, naming the group and reason, and writes no marker", async () => {
    const d = digest({
      policies: [buildFilterPolicy(["deadline"], KNOWN, { cadence: "daily" })],
      articles: [article("d3", ["deadline"], "s-d3", "2026-04-01T12:00:00Z")],
      fail: "InternalError",
    });
    await expect(d.handler(digestEvent("daily"))).rejects.toThrow(
      "digest daily:deadline could not be published: InternalError",
    );
    expect(d.sent.size).toBe(0);
    expect(d.rec.flushes()).toBe(1);
  });
});
