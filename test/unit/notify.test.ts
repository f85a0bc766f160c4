import { marshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { toArticleItem } from "../../lambdas/adapters/dynamo-article-store.ts";
import { createTelemetry } from "../../lambdas/adapters/telemetry.ts";
import { buildFilterPolicy, type FilterPolicy } from "../../lambdas/core/alerts/filter-policy.ts";
import type { TaggedArticle, TopicTag } from "../../lambdas/core/article.ts";
import type { Alert, AlertPublisher, PublishResult } from "../../lambdas/core/ports.ts";
import type { ReminderPlan } from "../../lambdas/core/reminders/plan.ts";

const KNOWN = ["expulsions", "intelligence", "deadline"];

import { createNotifyHandler } from "../../lambdas/notify/app.ts";

const article = (id: string, topics: string[] = ["expulsions"]): TaggedArticle => ({
  id,
  contentHash: id.padEnd(64, "0"),
  title: `Story ${id}`,
  text: "Body text of a story written for this test.",
  publishedAt: "2026-03-01T00:00:00.000Z",
  ingestedAt: "2026-03-01T00:00:01.000Z",
  tags: topics.map((topic) => ({ topic, score: 0.9, evidence: `Evidence for ${topic}.` })),
});

let sequence = 100;
/** A stream record as Lambda delivers it: eventID and SequenceNumber are both present, and differ. */
const insert = (a: TaggedArticle, eventName: "INSERT" | "MODIFY" = "INSERT"): DynamoDBRecord => ({
  eventID: `c4ca4238a0b923820dcc509a6f75849b-${sequence}`,
  eventName,
  eventVersion: "1.1",
  eventSource: "aws:dynamodb",
  awsRegion: "eu-central-1",
  eventSourceARN: "arn:aws:dynamodb:eu-central-1:123456789012:table/articles/stream/2026-06-01T00:00:00.000",
  dynamodb: {
    NewImage: marshall(toArticleItem(a), { removeUndefinedValues: true }) as never,
    SequenceNumber: String(sequence++),
  },
});

/** A plain fake of the ports: records what was published and marked, fails the ids it is told to. */
function fakes(options: { failIds?: string[]; alerted?: string[]; alertedFails?: boolean } = {}) {
  const published: Alert[] = [];
  const marked: string[] = [];
  const publisher: AlertPublisher = {
    async publish(alerts): Promise<PublishResult> {
      const failed = alerts.filter((a) => options.failIds?.includes(a.articleId));
      published.push(...alerts.filter((a) => !failed.includes(a)));
      return {
        published: alerts.filter((a) => !failed.includes(a)).map((a) => a.articleId),
        failed: failed.map((a) => ({ articleId: a.articleId, reason: "Throttled" })),
      };
    },
  };
  const store = {
    async alreadyAlerted(ids: readonly string[]) {
      if (options.alertedFails) throw new Error("store down");
      return new Set(ids.filter((id) => options.alerted?.includes(id) || marked.includes(id)));
    },
    async markAlerted(ids: readonly string[]) {
      marked.push(...ids);
    },
  };
  const handler = createNotifyHandler({
    store,
    publisher,
    telemetry: createTelemetry("notify-test", { silent: true }),
  });
  return { handler, published, marked };
}

describe("notify handler", () => {
  it("publishes one alert per inserted tagged article and marks it alerted", async () => {
    const { handler, published, marked } = fakes();
    const out = await handler({
      Records: [insert(article("a1", ["expulsions", "deadline"])), insert(article("a2"))],
    });
    expect(out.batchItemFailures).toEqual([]);
    expect(published.map((a) => a.articleId)).toEqual(["a1", "a2"]);
    expect(published[0]?.topics).toEqual(["expulsions", "deadline"]);
    expect(marked).toEqual(["a1", "a2"]);
  });

  it("reports exactly the records whose publish failed", async () => {
    const { handler } = fakes({ failIds: ["b2"] });
    const records = [insert(article("b1")), insert(article("b2")), insert(article("b3"))];
    const out = await handler({ Records: records });
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: records[1]?.dynamodb?.SequenceNumber }]);
  });

  it("names a failed record by its SequenceNumber, the identifier Lambda checkpoints streams by, not its eventID", async () => {
    const { handler } = fakes({ failIds: ["b5"] });
    const records = [insert(article("b4")), insert(article("b5"))];
    const failed = records[1] as DynamoDBRecord;
    expect(failed.eventID).toBeDefined();
    expect(failed.eventID).not.toBe(failed.dynamodb?.SequenceNumber);
    const out = await handler({ Records: records });
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: failed.dynamodb?.SequenceNumber }]);
  });

  it("skips articles already alerted, so a retried batch sends nothing twice", async () => {
    const { handler, published } = fakes();
    const records = [insert(article("c1")), insert(article("c2"))];
    await handler({ Records: records });
    await handler({ Records: records });
    expect(published.map((a) => a.articleId)).toEqual(["c1", "c2"]);
  });

  it("ignores untagged articles, tag edges and updates", async () => {
    const { handler, published } = fakes();
    const edge: DynamoDBRecord = {
      eventName: "INSERT",
      dynamodb: {
        NewImage: marshall({ pk: "ARTICLE#x", sk: "TAG#expulsions" }) as never,
        SequenceNumber: "9",
      },
    };
    const out = await handler({
      Records: [insert(article("d1", [])), edge, insert(article("d2"), "MODIFY")],
    });
    expect(out.batchItemFailures).toEqual([]);
    expect(published).toEqual([]);
  });

  it("reports a malformed article image instead of dropping it", async () => {
    const { handler } = fakes();
    const bad: DynamoDBRecord = {
      eventName: "INSERT",
      dynamodb: {
        NewImage: marshall({ pk: "ARTICLE#y", sk: "ARTICLE", title: 5 }) as never,
        SequenceNumber: "77",
      },
    };
    expect((await handler({ Records: [bad] })).batchItemFailures).toEqual([{ itemIdentifier: "77" }]);
  });

  it("fails the whole batch for retry when the alerted markers cannot be read", async () => {
    const { handler, published } = fakes({ alertedFails: true });
    const records = [insert(article("e1")), insert(article("e2"))];
    const out = await handler({ Records: records });
    expect(out.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(
      records.map((r) => r.dynamodb?.SequenceNumber),
    );
    expect(published).toEqual([]);
  });
});

describe("notify: stories and reminders", () => {
  const copy = (id: string, topics: string[], newTopics: string[], priorTopics: string[]): TaggedArticle => ({
    ...article(id, topics),
    story: { storyId: "s1", outcome: "joined", newTopics, priorTopics, copies: 2, sources: 2 },
  });
  const directory = (policies: FilterPolicy[]) => ({ policies: async () => policies });

  function wired(o: { policies?: FilterPolicy[]; scheduleFails?: boolean; now?: string } = {}) {
    const published: Alert[] = [];
    const marked: string[] = [];
    const scheduled: ReminderPlan[] = [];
    let listed = 0;
    const handler = createNotifyHandler({
      store: {
        alreadyAlerted: async (ids) => new Set(ids.filter((id) => marked.includes(id))),
        markAlerted: async (ids) => void marked.push(...ids),
      },
      publisher: {
        async publish(alerts) {
          published.push(...alerts);
          return { published: alerts.map((a) => a.articleId), failed: [] };
        },
      },
      subscriptions: {
        policies: async () => {
          listed++;
          return directory(o.policies ?? []).policies();
        },
      },
      reminders: {
        scheduler: {
          async schedule(plan) {
            if (o.scheduleFails) throw new Error("Scheduler unavailable");
            const taken = scheduled.some((p) => p.name === plan.name);
            if (!taken) scheduled.push(plan);
            return taken ? "exists" : "scheduled";
          },
        },
      },
      now: () => new Date(o.now ?? "2026-03-01T10:00:00Z"),
      telemetry: createTelemetry("notify-test", { silent: true }),
    });
    return { handler, published, marked, scheduled, listed: () => listed };
  }

  it("sends nothing for a later copy that adds no topic, and lists no subscriptions for it", async () => {
    const w = wired();
    const out = await w.handler({ Records: [insert(copy("c1", ["expulsions"], [], ["expulsions"]))] });
    expect(out.batchItemFailures).toEqual([]);
    expect(w.published).toEqual([]);
    expect(w.listed()).toBe(0);
  });

  it("addresses a copy that adds a topic to the topic sets the story had not reached", async () => {
    const policies = [
      buildFilterPolicy(["expulsions"], KNOWN),
      buildFilterPolicy(["deadline"], KNOWN),
      buildFilterPolicy(["expulsions", "deadline"], KNOWN),
      buildFilterPolicy(["deadline", "intelligence"], KNOWN, { reminders: true }),
      buildFilterPolicy(["deadline"], KNOWN, { cadence: "daily" }),
    ];
    const w = wired({ policies });
    await w.handler({
      Records: [insert(copy("c2", ["expulsions", "deadline"], ["deadline"], ["expulsions"]))],
    });
    expect(w.published).toHaveLength(1);
    expect(w.published[0]).toMatchObject({
      topics: ["deadline"],
      audience: ["deadline", "deadline+intelligence"],
    });
    expect(w.marked).toEqual(["c2"]);
  });

  it("sends nothing when every subscriber of the added topics had the story already", async () => {
    const w = wired({ policies: [buildFilterPolicy(["expulsions", "deadline"], KNOWN)] });
    await w.handler({
      Records: [insert(copy("c3", ["expulsions", "deadline"], ["deadline"], ["expulsions"]))],
    });
    expect(w.published).toEqual([]);
  });

  it("schedules one reminder per story and deadline date, for first articles and later copies alike", async () => {
    const w = wired();
    const first = article("r1", ["deadline"]);
    first.tags[0] = { ...(first.tags[0] as TopicTag), deadline: { phrase: "by Friday", date: "2026-03-06" } };
    first.story = {
      storyId: "s9",
      outcome: "new",
      newTopics: ["deadline"],
      priorTopics: [],
      copies: 1,
      sources: 1,
    };
    const second: TaggedArticle = {
      ...first,
      id: "r2",
      story: {
        storyId: "s9",
        outcome: "joined",
        newTopics: [],
        priorTopics: ["deadline"],
        copies: 2,
        sources: 2,
      },
    };
    await w.handler({ Records: [insert(first)] });
    await w.handler({ Records: [insert(second)] });
    expect(w.scheduled.map((p) => [p.name, p.at])).toEqual([
      ["wirewatch-s9-20260306", "2026-03-05T09:00:00Z"],
    ]);
    expect(w.published.map((a) => a.articleId)).toEqual(["r1"]);
  });

  it("reports a record whose reminder could not be scheduled, and its retry does not alert twice", async () => {
    const failing = wired({ scheduleFails: true });
    const a = article("r3", ["deadline"]);
    a.tags[0] = { ...(a.tags[0] as TopicTag), deadline: { phrase: "by Friday", date: "2026-03-06" } };
    const record = insert(a);
    const out = await failing.handler({ Records: [record] });
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: record.dynamodb?.SequenceNumber }]);
    expect(failing.published.map((p) => p.articleId)).toEqual(["r3"]);
    const again = await failing.handler({ Records: [record] });
    expect(again.batchItemFailures).toHaveLength(1);
    expect(failing.published).toHaveLength(1);
  });

  it("schedules no reminder for a deadline already past", async () => {
    const w = wired({ now: "2026-03-10T10:00:00Z" });
    const a = article("r4", ["deadline"]);
    a.tags[0] = { ...(a.tags[0] as TopicTag), deadline: { phrase: "by Friday", date: "2026-03-06" } };
    await w.handler({ Records: [insert(a)] });
    expect(w.scheduled).toEqual([]);
  });
});
