import { marshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { toArticleItem } from "../../lambdas/adapters/dynamo-article-store.ts";
import { createTelemetry } from "../../lambdas/adapters/telemetry.ts";
import type { TaggedArticle } from "../../lambdas/core/article.ts";
import type { Alert, AlertPublisher, PublishResult } from "../../lambdas/core/ports.ts";
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
