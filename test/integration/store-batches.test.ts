import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createArticlesTable,
  type EmbeddedDynamo,
  startEmbeddedDynamo,
} from "../../cli/local/embedded-dynamo.ts";
import { batchGetAll, batchPutAll, isConditionFailure } from "../../lambdas/adapters/aws-batch.ts";
import { DynamoArticleStore } from "../../lambdas/adapters/dynamo-article-store.ts";
import { GetCommand, PutCommand } from "../../lambdas/adapters/dynamo-client.ts";
import type { TaggedArticle } from "../../lambdas/core/article.ts";
import { UnavailableError } from "../../lambdas/core/errors.ts";
import { type HoldBack, holdBack } from "../support/hold-back.ts";
import { faults, injectFault } from "../support/moto-harness.ts";

const TABLE = "wirewatch-batches";

let dynamo: EmbeddedDynamo;
beforeEach(async () => {
  dynamo = await startEmbeddedDynamo();
  await createArticlesTable(dynamo.endpoint, TABLE);
});
afterEach(async () => {
  await dynamo.stop();
});

const item = (n: number) => ({ pk: `ITEM#${String(n).padStart(3, "0")}`, sk: "ITEM", n });
const stored = async (n: number) =>
  (await dynamo.db.send(new GetCommand({ TableName: TABLE, Key: { pk: item(n).pk, sk: "ITEM" } }))).Item;
const gaps = (seen: HoldBack) => seen.at.slice(1).map((t, i) => t - (seen.at[i] ?? 0));

describe("batchPutAll", () => {
  it("writes every item, 25 a request", async () => {
    const seen = holdBack(dynamo.db, TABLE, "BatchWriteItemCommand", { times: 0 });
    await batchPutAll(
      dynamo.db,
      TABLE,
      Array.from({ length: 60 }, (_, i) => item(i)),
      "the test table",
    );
    expect(seen.calls).toEqual([25, 25, 10]);
    for (const n of [0, 24, 25, 59]) expect((await stored(n))?.n).toBe(n);
  });

  it("writes more than five chunks (125 items) without retrying or waiting between them", async () => {
    // Found by this test: the attempt count once ran over chunks too, so a 6th chunk failed as "unprocessed".
    const seen = holdBack(dynamo.db, TABLE, "BatchWriteItemCommand", { times: 0 });
    await batchPutAll(
      dynamo.db,
      TABLE,
      Array.from({ length: 130 }, (_, i) => item(i)),
      "the test table",
    );
    expect(seen.calls).toEqual([25, 25, 25, 25, 25, 5]);
    expect((await stored(129))?.n).toBe(129);
  });

  it("does nothing for no items", async () => {
    const seen = holdBack(dynamo.db, TABLE, "BatchWriteItemCommand", { times: 0 });
    await batchPutAll(dynamo.db, TABLE, [], "the test table");
    expect(seen.calls).toEqual([]);
  });

  it("retries what came back unprocessed, waiting longer each time, up to the fifth attempt", async () => {
    const seen = holdBack(dynamo.db, TABLE, "BatchWriteItemCommand", { times: 4 });
    await batchPutAll(dynamo.db, TABLE, [item(1), item(2)], "the test table");
    expect(seen.calls).toEqual([2, 1, 1, 1, 1]);
    expect((await stored(2))?.n).toBe(2);
    // Backoff of 50 ms x 2^attempt before each retry (timers never fire early; a small allowance for rounding).
    const waited = gaps(seen);
    for (const [i, least] of [100, 200, 400, 800].entries())
      expect(waited[i]).toBeGreaterThanOrEqual(least - 5);
  });

  it("answers UnavailableError naming the table when items stay unprocessed after five attempts", async () => {
    holdBack(dynamo.db, TABLE, "BatchWriteItemCommand", { times: 5 });
    const error = await batchPutAll(dynamo.db, TABLE, [item(1), item(2)], "the test table").catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toBe(
      "the test table is temporarily unavailable (ThrottlingException); retry shortly",
    );
    expect((await stored(1))?.n).toBe(1);
  });

  it("answers UnavailableError when the write itself is throttled", async () => {
    injectFault(dynamo.db, {
      commands: ["BatchWriteCommand", "BatchWriteItemCommand"],
      error: faults.throttling,
    });
    await expect(batchPutAll(dynamo.db, TABLE, [item(1)], "the test table")).rejects.toBeInstanceOf(
      UnavailableError,
    );
  });
});

describe("batchGetAll", () => {
  it("reads every key, 100 a request, retrying unprocessed keys", async () => {
    await batchPutAll(
      dynamo.db,
      TABLE,
      Array.from({ length: 130 }, (_, i) => item(i)),
      "the test table",
    );
    const seen = holdBack(dynamo.db, TABLE, "BatchGetItemCommand", { times: 2 });
    const keys = Array.from({ length: 130 }, (_, i) => ({ pk: item(i).pk, sk: "ITEM" }));
    const found = await batchGetAll(dynamo.db, TABLE, keys, "the test table");
    expect(found.map((f) => f.n).sort((a, b) => Number(a) - Number(b))).toEqual(keys.map((_, i) => i));
    expect(seen.calls).toEqual([100, 1, 1, 30]);
    expect(await batchGetAll(dynamo.db, TABLE, [], "the test table")).toEqual([]);
  });

  it("reads only the attributes a projection names", async () => {
    await batchPutAll(dynamo.db, TABLE, [item(1), item(2)], "the test table");
    const keys = [1, 2].map((n) => ({ pk: item(n).pk, sk: "ITEM" }));
    const found = await batchGetAll(dynamo.db, TABLE, keys, "the test table", "pk");
    expect(found.map((f) => Object.keys(f))).toEqual([["pk"], ["pk"]]);
  });

  it("answers UnavailableError when keys stay unprocessed after five attempts", async () => {
    await batchPutAll(dynamo.db, TABLE, [item(1)], "the test table");
    holdBack(dynamo.db, TABLE, "BatchGetItemCommand", { times: 5 });
    await expect(
      batchGetAll(dynamo.db, TABLE, [{ pk: item(1).pk, sk: "ITEM" }], "the test table"),
    ).rejects.toBeInstanceOf(UnavailableError);
  });
});

describe("isConditionFailure", () => {
  it("is true only for a ConditionalCheckFailedException error", () => {
    const named = (name: string) => Object.assign(new Error("x"), { name });
    expect(isConditionFailure(named("ConditionalCheckFailedException"))).toBe(true);
    expect(isConditionFailure(named("ThrottlingException"))).toBe(false);
    expect(isConditionFailure(new Error("ConditionalCheckFailedException"))).toBe(false);
    expect(isConditionFailure({ name: "ConditionalCheckFailedException" })).toBe(false);
    expect(isConditionFailure(undefined)).toBe(false);
  });
});

describe("DynamoArticleStore.listByTopic (the digest's read)", () => {
  const article = (id: string, publishedAt: string, topics = ["deadline"]): TaggedArticle => ({
    id,
    contentHash: id.padEnd(64, "0"),
    title: `Story ${id}`,
    text: "A story written for this test, long enough to be an article.",
    publishedAt,
    ingestedAt: publishedAt,
    tags: topics.map((topic) => ({ topic, score: 0.9, evidence: `Evidence for ${topic}.` })),
  });

  it("lists the topic's articles published in [from, to), oldest first, across pages", async () => {
    const store = new DynamoArticleStore(dynamo.db, TABLE);
    for (const [id, at, topics] of [
      ["before", "2026-06-01T07:59:59.999Z", ["deadline"]],
      ["first", "2026-06-01T08:00:00.000Z", ["deadline"]],
      ["second", "2026-06-01T12:00:00.000Z", ["deadline", "expulsions"]],
      ["other", "2026-06-01T13:00:00.000Z", ["expulsions"]],
      ["third", "2026-06-01T23:59:59.999Z", ["deadline"]],
      ["at-end", "2026-06-02T08:00:00.000Z", ["deadline"]],
    ] as const)
      await store.put(article(id, at, [...topics]));
    // Pages of two: dynalite answers with LastEvaluatedKey, so the store must follow it.
    const pages: number[] = [];
    dynamo.db.middlewareStack.add(
      ((next: (a: unknown) => Promise<unknown>, ctx: { commandName?: string }) =>
        async (args: { input: Record<string, unknown> }) => {
          if (ctx.commandName === "QueryCommand") {
            pages.push(pages.length);
            return next({ ...args, input: { ...args.input, Limit: 2 } });
          }
          return next(args);
        }) as never,
      { step: "initialize", name: "pagesOfTwo" },
    );
    const listed = await store.listByTopic(
      "deadline",
      "2026-06-01T08:00:00.000Z",
      "2026-06-02T08:00:00.000Z",
    );
    expect(listed.map((a) => a.id)).toEqual(["first", "second", "third"]);
    expect(listed[1]).toMatchObject({ title: "Story second", publishedAt: "2026-06-01T12:00:00.000Z" });
    expect(pages.length).toBeGreaterThan(1);
    expect((await store.listByTopic("expulsions", "2026-06-01", "2026-06-02")).map((a) => a.id)).toEqual([
      "second",
      "other",
    ]);
    expect(await store.listByTopic("intelligence", "2026-06-01", "2026-06-02")).toEqual([]);
  });

  it("answers UnavailableError when the query is throttled", async () => {
    const store = new DynamoArticleStore(dynamo.db, TABLE);
    injectFault(dynamo.db, { commands: ["QueryCommand"], error: faults.throttling });
    await expect(store.listByTopic("deadline", "2026-06-01", "2026-06-02")).rejects.toBeInstanceOf(
      UnavailableError,
    );
  });
});

describe("the document client (createDynamoClient) the stores write through", () => {
  it("leaves out undefined attributes instead of refusing the item", async () => {
    await dynamo.db.send(
      new PutCommand({
        TableName: TABLE,
        Item: { pk: "ITEM#u", sk: "ITEM", kept: "yes", dropped: undefined },
      }),
    );
    const got = (
      await dynamo.db.send(new GetCommand({ TableName: TABLE, Key: { pk: "ITEM#u", sk: "ITEM" } }))
    ).Item;
    expect(got).toEqual({ pk: "ITEM#u", sk: "ITEM", kept: "yes" });
  });

  it("refuses a class instance (a Date) rather than storing it as an empty map", async () => {
    await expect(
      dynamo.db.send(
        new PutCommand({ TableName: TABLE, Item: { pk: "ITEM#d", sk: "ITEM", at: new Date(0) } }),
      ),
    ).rejects.toThrow();
  });
});

describe("DynamoArticleStore's retries", () => {
  const tagged = (id: string, topics: string[]): TaggedArticle => ({
    id,
    contentHash: id.padEnd(64, "0"),
    title: `Story ${id}`,
    text: "A story written for this test, long enough to be an article.",
    publishedAt: "2026-06-01T08:00:00.000Z",
    ingestedAt: "2026-06-01T08:01:00.000Z",
    tags: topics.map((topic) => ({ topic, score: 0.9, evidence: `Evidence for ${topic}.` })),
  });

  it("answers UnavailableError for a throttled put, and does not call it a duplicate", async () => {
    const store = new DynamoArticleStore(dynamo.db, TABLE);
    const fault = injectFault(dynamo.db, {
      commands: ["PutCommand", "PutItemCommand"],
      times: 1,
      error: faults.throttling,
    });
    await expect(store.put(tagged("p1", ["deadline"]))).rejects.toBeInstanceOf(UnavailableError);
    expect(fault.injected).toBe(1);
    expect(await store.get("p1")).toBeUndefined();
    expect(await store.put(tagged("p1", ["deadline"]))).toBe("created");
  });

  it("retries held-back tag edges with a growing wait, up to the fifth attempt", async () => {
    const store = new DynamoArticleStore(dynamo.db, TABLE);
    const seen = holdBack(dynamo.db, TABLE, "BatchWriteItemCommand", { times: 4 });
    expect(await store.put(tagged("e1", ["deadline", "expulsions"]))).toBe("created");
    expect(seen.calls).toEqual([2, 1, 1, 1, 1]);
    const waited = gaps(seen);
    for (const [i, least] of [100, 200, 400, 800].entries())
      expect(waited[i]).toBeGreaterThanOrEqual(least - 5);
    expect((await store.queryByTopic("expulsions")).map((a) => a.id)).toEqual(["e1"]);
  });

  it("answers UnavailableError when a key of an alerted check stays unprocessed for five attempts", async () => {
    const store = new DynamoArticleStore(dynamo.db, TABLE);
    await store.put(tagged("k1", []));
    await store.markAlerted(["k1"]);
    const four = holdBack(dynamo.db, TABLE, "BatchGetItemCommand", { times: 4 });
    expect([...(await store.alreadyAlerted(["k1"]))]).toEqual(["k1"]);
    expect(four.calls).toHaveLength(5);
    dynamo.db.middlewareStack.remove("holdBackBatchGetItemCommand");
    holdBack(dynamo.db, TABLE, "BatchGetItemCommand", { times: 5 });
    await expect(store.alreadyAlerted(["k1"])).rejects.toBeInstanceOf(UnavailableError);
  });
});
