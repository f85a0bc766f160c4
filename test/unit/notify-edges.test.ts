/**
 * The notify handler's less travelled paths: records without a SequenceNumber, an article twice in one batch,
 * partial publish failures, a marker write that fails after the publish, the subscription listing for later copies
 * (failing, cached, instant subscribers only) and the reminder lead time. Ports are plain in-memory fakes, as in
 * notify.test.ts; what the handler counts and logs is recorded (test/support/recording-telemetry.ts).
 */
import { marshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { toArticleItem } from "../../lambdas/adapters/dynamo-article-store.ts";
import { buildFilterPolicy, type FilterPolicy } from "../../lambdas/core/alerts/filter-policy.ts";
import type { TaggedArticle } from "../../lambdas/core/article.ts";
import type { Alert } from "../../lambdas/core/ports.ts";
import type { ReminderPlan } from "../../lambdas/core/reminders/plan.ts";
import { createNotifyHandler } from "../../lambdas/notify/app.ts";
import { recordingTelemetry } from "../support/recording-telemetry.ts";

const KNOWN = ["expulsions", "intelligence", "deadline"];

const article = (id: string, topics: string[] = ["expulsions"]): TaggedArticle => ({
  id,
  contentHash: id.padEnd(64, "0"),
  title: `Harbour story ${id}`,
  text: "A body written for these tests about a port authority and its visitors.",
  publishedAt: "2026-04-01T00:00:00.000Z",
  ingestedAt: "2026-04-01T00:00:01.000Z",
  tags: topics.map((topic) => ({ topic, score: 0.8, evidence: `Why ${topic}.` })),
});

const laterCopy = (
  id: string,
  topics: string[],
  newTopics: string[],
  priorTopics: string[],
): TaggedArticle => ({
  ...article(id, topics),
  story: { storyId: `story-${id}`, outcome: "joined", newTopics, priorTopics, copies: 2, sources: 2 },
});

let n = 500;
const record = (
  a: TaggedArticle,
  o: { sequenceNumber?: string | null; eventID?: string } = {},
): DynamoDBRecord => {
  const seq = o.sequenceNumber === undefined ? String(n++) : o.sequenceNumber;
  return {
    eventID: o.eventID ?? `event-${n++}`,
    eventName: "INSERT",
    eventSource: "aws:dynamodb",
    dynamodb: {
      NewImage: marshall(toArticleItem(a), { removeUndefinedValues: true }) as never,
      ...(seq === null ? {} : { SequenceNumber: seq }),
    },
  };
};

function wired(
  o: {
    failIds?: string[];
    markFails?: boolean;
    policies?: FilterPolicy[] | "fail";
    leadHours?: number;
    now?: string;
  } = {},
) {
  const rec = recordingTelemetry("notify");
  const published: Alert[] = [];
  const marked: string[] = [];
  const scheduled: ReminderPlan[] = [];
  let listed = 0;
  const handler = createNotifyHandler({
    store: {
      alreadyAlerted: async (ids) => new Set(ids.filter((id) => marked.includes(id))),
      markAlerted: async (ids) => {
        if (o.markFails) throw new Error("marker table throttled");
        marked.push(...ids);
      },
    },
    publisher: {
      async publish(alerts) {
        const failed = alerts.filter((a) => o.failIds?.includes(a.articleId));
        const ok = alerts.filter((a) => !failed.includes(a));
        published.push(...ok);
        return {
          published: ok.map((a) => a.articleId),
          failed: failed.map((a) => ({ articleId: a.articleId, reason: "Throttled" })),
        };
      },
    },
    subscriptions: {
      policies: async () => {
        listed++;
        if (o.policies === "fail") throw new Error("ListSubscriptionsByTopic throttled");
        return o.policies ?? [];
      },
    },
    reminders: {
      scheduler: {
        async schedule(plan) {
          scheduled.push(plan);
          return "scheduled";
        },
      },
      ...(o.leadHours === undefined ? {} : { leadHours: o.leadHours }),
    },
    now: () => new Date(o.now ?? "2026-04-01T10:00:00Z"),
    telemetry: rec.telemetry,
  });
  return { handler, published, marked, scheduled, listed: () => listed, rec };
}

describe("notify: identifying records", () => {
  it("names a malformed record by its eventID when it carries no SequenceNumber", async () => {
    const w = wired();
    const bad: DynamoDBRecord = {
      eventID: "event-without-sequence",
      eventName: "INSERT",
      dynamodb: { NewImage: { pk: { S: "ARTICLE#x" }, sk: { S: "ARTICLE" }, title: { N: "1" } } },
    };
    const out = await w.handler({ Records: [bad] });
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: "event-without-sequence" }]);
    expect(w.rec.logged("malformed article image in stream record")[0]).toMatchObject({
      level: "error",
      extra: { sequenceNumber: "event-without-sequence" },
    });
  });

  it("reports a record whose image does not unmarshal", async () => {
    const w = wired();
    const broken: DynamoDBRecord = {
      eventID: "e-broken",
      eventName: "INSERT",
      dynamodb: {
        SequenceNumber: "77",
        NewImage: { pk: { S: "ARTICLE#y" }, sk: { S: "ARTICLE" }, title: { Z: "?" } } as never,
      },
    };
    const out = await w.handler({ Records: [broken, record(article("fine"))] });
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: "77" }]);
    expect(w.published.map((p) => p.articleId)).toEqual(["fine"]);
  });

  it("an article twice in one batch is alerted once, and a failed publish reports both of its records", async () => {
    const w = wired({ failIds: ["twice"] });
    const a = article("twice");
    const first = record(a);
    const second = record(a);
    const out = await w.handler({ Records: [first, second] });
    expect(out.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      [first.dynamodb?.SequenceNumber, second.dynamodb?.SequenceNumber].sort(),
    );
    const ok = wired();
    await ok.handler({ Records: [first, second] });
    expect(ok.published.map((p) => p.articleId)).toEqual(["twice"]);
  });
});

describe("notify: publish results", () => {
  it("counts each failed alert, reports only its record, and marks the others", async () => {
    const w = wired({ failIds: ["f1", "f2"] });
    const records = [record(article("f1")), record(article("ok1")), record(article("f2"))];
    const out = await w.handler({ Records: records });
    expect(out.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      [records[0]?.dynamodb?.SequenceNumber, records[2]?.dynamodb?.SequenceNumber].sort(),
    );
    expect(w.rec.count("AlertPublishFailures")).toBe(2);
    expect(w.rec.count("AlertsPublished")).toBe(1);
    expect(w.marked).toEqual(["ok1"]);
    expect(w.rec.logged("alert publish failed; record reported for retry").map((l) => l.extra)).toEqual([
      { articleId: "f1", reason: "Throttled" },
      { articleId: "f2", reason: "Throttled" },
    ]);
  });

  it("does not report a record for retry when only the alerted marker could not be written (it would alert twice)", async () => {
    const w = wired({ markFails: true });
    const out = await w.handler({ Records: [record(article("m1"))] });
    expect(out.batchItemFailures).toEqual([]);
    expect(w.published.map((p) => p.articleId)).toEqual(["m1"]);
    expect(w.rec.logged("could not mark alerts as published")[0]?.level).toBe("warn");
  });
});

describe("notify: later copies and the subscription list", () => {
  it("reports the copy for retry when the subscriptions cannot be listed, and still alerts a first article", async () => {
    const w = wired({ policies: "fail" });
    const copyRecord = record(laterCopy("c1", ["expulsions", "deadline"], ["deadline"], ["expulsions"]));
    const firstRecord = record(article("first"));
    const out = await w.handler({ Records: [copyRecord, firstRecord] });
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: copyRecord.dynamodb?.SequenceNumber }]);
    expect(w.published.map((p) => p.articleId)).toEqual(["first"]);
    expect(
      w.rec.logged("could not list subscriptions for a later copy; record reported for retry"),
    ).toHaveLength(1);
  });

  it("lists the subscriptions once per batch however many later copies it holds", async () => {
    const w = wired({
      policies: [buildFilterPolicy(["deadline"], KNOWN), buildFilterPolicy(["intelligence"], KNOWN)],
    });
    await w.handler({
      Records: [
        record(laterCopy("c2", ["expulsions", "deadline"], ["deadline"], ["expulsions"])),
        record(laterCopy("c3", ["expulsions", "intelligence"], ["intelligence"], ["expulsions"])),
      ],
    });
    expect(w.listed()).toBe(1);
    expect(w.published.map((p) => [p.articleId, p.audience])).toEqual([
      ["c2", ["deadline"]],
      ["c3", ["intelligence"]],
    ]);
  });

  it("addresses a later copy to instant subscribers only: a digest subscriber of the added topic is no audience", async () => {
    const w = wired({ policies: [buildFilterPolicy(["deadline"], KNOWN, { cadence: "daily" })] });
    const out = await w.handler({
      Records: [record(laterCopy("c4", ["expulsions", "deadline"], ["deadline"], ["expulsions"]))],
    });
    expect(out.batchItemFailures).toEqual([]);
    expect(w.published).toEqual([]);
    expect(
      w.rec.logged("a later copy adds topics, but every subscriber of them had the story already; no alert"),
    ).toHaveLength(1);
  });

  it("reports the copy for retry when the subscriptions cannot be listed and nothing else is to be sent", async () => {
    const w = wired({ policies: "fail" });
    const copyRecord = record(laterCopy("c5", ["expulsions", "deadline"], ["deadline"], ["expulsions"]));
    const out = await w.handler({ Records: [copyRecord] });
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: copyRecord.dynamodb?.SequenceNumber }]);
    expect(w.published).toEqual([]);
  });

  it("skips a subscription policy it cannot describe (not one of ours) and addresses the others", async () => {
    const foreign = { department: ["sports"] } as unknown as FilterPolicy;
    const w = wired({ policies: [foreign, buildFilterPolicy(["deadline"], KNOWN)] });
    const out = await w.handler({
      Records: [record(laterCopy("c6", ["expulsions", "deadline"], ["deadline"], ["expulsions"]))],
    });
    expect(out.batchItemFailures).toEqual([]);
    expect(w.published.map((p) => p.audience)).toEqual([["deadline"]]);
  });

  it("lists no subscriptions for a first article (no prior topics)", async () => {
    const w = wired({ policies: [buildFilterPolicy(["expulsions"], KNOWN)] });
    await w.handler({ Records: [record(article("plain"))] });
    expect(w.listed()).toBe(0);
    expect(w.published[0]?.audience).toBeUndefined();
  });
});

describe("notify: reminder lead time", () => {
  const withDeadline = (id: string) => {
    const a = article(id, ["deadline"]);
    a.tags = [
      {
        topic: "deadline",
        score: 0.9,
        evidence: "by Friday",
        deadline: { phrase: "by Friday", date: "2026-04-10" },
      },
    ];
    return a;
  };

  it("schedules the reminder the configured number of hours before the deadline", async () => {
    const w = wired({ leadHours: 48 });
    await w.handler({ Records: [record(withDeadline("lead48"))] });
    expect(w.scheduled.map((p) => p.at)).toEqual(["2026-04-08T09:00:00Z"]);
  });

  it("plans by the wall clock when no clock is given", async () => {
    const rec = recordingTelemetry("notify");
    const scheduled: ReminderPlan[] = [];
    const handler = createNotifyHandler({
      store: { alreadyAlerted: async () => new Set(), markAlerted: async () => {} },
      publisher: { publish: async (alerts) => ({ published: alerts.map((a) => a.articleId), failed: [] }) },
      reminders: {
        scheduler: {
          schedule: async (plan) => {
            scheduled.push(plan);
            return "scheduled";
          },
        },
      },
      telemetry: rec.telemetry,
    });
    const a = withDeadline("wall");
    const year = new Date().getUTCFullYear() + 1;
    a.tags = [
      {
        topic: "deadline",
        score: 0.9,
        evidence: "by 10 April",
        deadline: { phrase: "by 10 April", date: `${year}-04-10` },
      },
    ];
    await handler({ Records: [record(a)] });
    expect(scheduled.map((p) => p.at)).toEqual([`${year}-04-09T09:00:00Z`]);
  });

  it("uses 24 hours when none is configured, and logs why it schedules none for a past deadline", async () => {
    const w = wired();
    await w.handler({ Records: [record(withDeadline("lead24"))] });
    expect(w.scheduled.map((p) => p.at)).toEqual(["2026-04-09T09:00:00Z"]);
    const late = wired({ now: "2026-04-12T00:00:00Z" });
    await late.handler({ Records: [record(withDeadline("late"))] });
    expect(late.scheduled).toEqual([]);
    expect(late.rec.logged("no reminder")[0]?.extra).toMatchObject({ articleId: "late" });
  });
});
