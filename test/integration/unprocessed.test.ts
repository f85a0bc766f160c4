import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createArticlesTable,
  type EmbeddedDynamo,
  startEmbeddedDynamo,
} from "../../cli/local/embedded-dynamo.ts";
import { DynamoArticleStore } from "../../lambdas/adapters/dynamo-article-store.ts";
import { ScanCommand } from "../../lambdas/adapters/dynamo-client.ts";
import type { TaggedArticle } from "../../lambdas/core/article.ts";
import { UnavailableError } from "../../lambdas/core/errors.ts";
import { holdBack } from "../support/hold-back.ts";
import { faults, injectFault } from "../support/moto-harness.ts";

const TABLE = "wirewatch-articles";

const article = (id: string, topics: string[]): TaggedArticle => ({
  id,
  contentHash: id.padEnd(64, "0"),
  title: `Story ${id}`,
  text: "A story written for this test, long enough to be an article.",
  publishedAt: "2026-06-01T08:00:00.000Z",
  ingestedAt: "2026-06-01T08:01:00.000Z",
  tags: topics.map((topic) => ({ topic, score: 0.9, evidence: `Evidence for ${topic}.` })),
});

let dynamo: EmbeddedDynamo;
let store: DynamoArticleStore;
beforeEach(async () => {
  dynamo = await startEmbeddedDynamo();
  await createArticlesTable(dynamo.endpoint, TABLE);
  store = new DynamoArticleStore(dynamo.db, TABLE);
});
afterEach(async () => {
  await dynamo.stop();
});

const edges = async () =>
  ((await dynamo.db.send(new ScanCommand({ TableName: TABLE, ConsistentRead: true }))).Items ?? [])
    .filter((i) => String(i.sk).startsWith("TAG#"))
    .map((i) => `${i.id} ${i.sk}`)
    .sort();

describe("tag edges when BatchWriteItem returns UnprocessedItems", () => {
  it("writes the held-back edge on a second call: every edge of the article exists", async () => {
    const hold = holdBack(dynamo.db, TABLE, "BatchWriteItemCommand", { hold: 1, times: 1 });
    expect(await store.put(article("a1", ["deadline", "expulsions", "intelligence"]))).toBe("created");
    expect(hold.calls).toEqual([3, 1]);
    expect(await edges()).toEqual(["a1 TAG#deadline", "a1 TAG#expulsions", "a1 TAG#intelligence"]);
    expect((await store.queryByTopic("intelligence")).map((a) => a.id)).toEqual(["a1"]);
  });

  it("retries the whole batch when nothing was processed, and several times in a row", async () => {
    const hold = holdBack(dynamo.db, TABLE, "BatchWriteItemCommand", { hold: 3, times: 3 });
    await store.put(article("a2", ["deadline", "expulsions", "intelligence"]));
    expect(hold.calls).toEqual([3, 3, 3, 3]);
    expect(await edges()).toHaveLength(3);
  });

  it("answers 503 (UnavailableError) rather than lose edges when they stay unprocessed; a retried put heals them", async () => {
    const hold = holdBack(dynamo.db, TABLE, "BatchWriteItemCommand", { hold: 1, times: 100 });
    await expect(store.put(article("a3", ["deadline", "expulsions"]))).rejects.toBeInstanceOf(
      UnavailableError,
    );
    expect(hold.calls).toEqual([2, 1, 1, 1, 1]);
    expect(await edges()).toEqual(["a3 TAG#deadline"]);
    hold.clear();
    // The article item was written (conditional put): the retry is a duplicate that rewrites the edges.
    expect(await store.put(article("a3", ["deadline", "expulsions"]))).toBe("duplicate");
    expect(await edges()).toEqual(["a3 TAG#deadline", "a3 TAG#expulsions"]);
  });
});

describe("reads when BatchGetItem returns UnprocessedKeys", () => {
  it("still reports an article already alerted when its key came back unprocessed (no second alert)", async () => {
    for (const id of ["b1", "b2", "b3"]) await store.put(article(id, ["deadline"]));
    await store.markAlerted(["b1", "b3"]);
    const hold = holdBack(dynamo.db, TABLE, "BatchGetItemCommand", { hold: 1, times: 1 });
    expect([...(await store.alreadyAlerted(["b1", "b2", "b3"]))].sort()).toEqual(["b1", "b3"]);
    expect(hold.calls).toEqual([3, 1]);
  });

  it("returns every article of a topic query when the batch read comes back in parts", async () => {
    for (const id of ["c1", "c2", "c3", "c4"]) await store.put(article(id, ["expulsions"]));
    const hold = holdBack(dynamo.db, TABLE, "BatchGetItemCommand", { hold: 2, times: 2 });
    expect((await store.queryByTopic("expulsions")).map((a) => a.id).sort()).toEqual([
      "c1",
      "c2",
      "c3",
      "c4",
    ]);
    expect(hold.calls).toEqual([4, 2, 2]);
  });

  it("answers 503 rather than report an alerted article as new when its key stays unprocessed", async () => {
    await store.put(article("d1", ["deadline"]));
    await store.markAlerted(["d1"]);
    holdBack(dynamo.db, TABLE, "BatchGetItemCommand", { hold: 1, times: 100 });
    await expect(store.alreadyAlerted(["d1"])).rejects.toBeInstanceOf(UnavailableError);
  });

  it("reads exactly 100 keys in one call and 101 in two (BatchGetItem's limit)", async () => {
    const seen = holdBack(dynamo.db, TABLE, "BatchGetItemCommand", { times: 0 });
    const ids = Array.from({ length: 101 }, (_, i) => `e${i}`);
    await store.alreadyAlerted(ids.slice(0, 100));
    expect(seen.calls).toEqual([100]);
    await store.alreadyAlerted(ids);
    expect(seen.calls).toEqual([100, 100, 1]);
  });
});

describe("alerted markers when UpdateItem is throttled", () => {
  const throttle = (when: (input: Record<string, unknown>) => boolean, times?: number) =>
    injectFault(dynamo.db, {
      commands: ["UpdateCommand", "UpdateItemCommand"],
      when,
      ...(times === undefined ? {} : { times }),
      error: faults.throttling,
    });
  const alertedIds = async () =>
    ((await dynamo.db.send(new ScanCommand({ TableName: TABLE, ConsistentRead: true }))).Items ?? [])
      .filter((i) => i.sk === "ARTICLE" && i.alertedAt)
      .map((i) => String(i.id))
      .sort();

  it("retries a throttled marker write, so the alert is not sent again on a retry of its record", async () => {
    for (const id of ["m1", "m2"]) await store.put(article(id, ["deadline"]));
    const fault = throttle(() => true, 2);
    await store.markAlerted(["m1", "m2"]);
    expect(fault.injected).toBe(2);
    expect(await alertedIds()).toEqual(["m1", "m2"]);
  });

  it("marks every other article when one marker keeps failing, then reports the failure", async () => {
    for (const id of ["n1", "n2", "n3"]) await store.put(article(id, ["deadline"]));
    throttle((input) => JSON.stringify(input.Key ?? {}).includes("ARTICLE#n1"));
    await expect(store.markAlerted(["n1", "n2", "n3"])).rejects.toBeInstanceOf(UnavailableError);
    expect(await alertedIds()).toEqual(["n2", "n3"]);
  });
});

describe("the store's reads and edges on dynalite", () => {
  it("writes more than 25 tag edges in chunks of at most 25 (BatchWriteItem's limit)", async () => {
    const seen = holdBack(dynamo.db, TABLE, "BatchWriteItemCommand", { times: 0 });
    const topics = Array.from({ length: 30 }, (_, i) => `topic${String(i).padStart(2, "0")}`);
    await store.put(article("f1", topics));
    expect(seen.calls).toEqual([25, 5]);
    expect(await edges()).toHaveLength(30);
  });

  it("writes more than five chunks of tag edges (125) without counting them as retries", async () => {
    // Its own retry loop once counted each chunk as an attempt, as batchPutAll's did: the 6th chunk failed.
    const seen = holdBack(dynamo.db, TABLE, "BatchWriteItemCommand", { times: 0 });
    const topics = Array.from({ length: 130 }, (_, i) => `topic${String(i).padStart(3, "0")}`);
    expect(await store.put(article("f2", topics))).toBe("created");
    expect(seen.calls).toEqual([25, 25, 25, 25, 25, 5]);
    expect(await edges()).toHaveLength(130);
  });

  it("stores kinds, reads its own writes, and answers undefined for an unknown id", async () => {
    await store.put(article("g1", ["deadline"]));
    const items =
      (await dynamo.db.send(new ScanCommand({ TableName: TABLE, ConsistentRead: true }))).Items ?? [];
    expect(items.map((i) => `${i.sk} ${i.kind}`).sort()).toEqual(["ARTICLE article", "TAG#deadline tag"]);
    expect((await store.get("g1"))?.title).toBe("Story g1");
    expect(await store.get("nope")).toBeUndefined();
  });

  it("on a duplicate, rewrites the edges of the article already stored, not of the one sent again", async () => {
    await store.put(article("h1", ["deadline"]));
    // Same id, different tags (e.g. a newer tagger): the stored article is the truth.
    expect(await store.put(article("h1", ["expulsions"]))).toBe("duplicate");
    expect(await edges()).toEqual(["h1 TAG#deadline"]);
  });

  it("queries a topic between two dates, newest first, with a limit of at most 100", async () => {
    const dated = (id: string, day: string) => ({
      ...article(id, ["expulsions"]),
      publishedAt: `2026-06-${day}T08:00:00.000Z`,
    });
    for (const [id, day] of [
      ["q1", "01"],
      ["q2", "05"],
      ["q3", "09"],
    ] as const)
      await store.put(dated(id, day));
    const ids = async (range: Parameters<DynamoArticleStore["queryByTopic"]>[1]) =>
      (await store.queryByTopic("expulsions", range)).map((a) => a.id);
    expect(await ids({})).toEqual(["q3", "q2", "q1"]);
    expect(await ids({ from: "2026-06-02", to: "2026-06-06" })).toEqual(["q2"]);
    expect(await ids({ from: "2026-06-05" })).toEqual(["q3", "q2"]);
    expect(await ids({ to: "2026-06-05T08:00:00.000Z" })).toEqual(["q2", "q1"]);
    expect(await ids({ limit: 2 })).toEqual(["q3", "q2"]);
    expect(await store.queryByTopic("intelligence")).toEqual([]);
    const queries: number[] = [];
    dynamo.db.middlewareStack.add(
      ((next: (a: unknown) => Promise<unknown>, ctx: { commandName?: string }) =>
        async (args: { input: { Limit?: number } }) => {
          if (ctx.commandName === "QueryCommand") queries.push(args.input.Limit ?? -1);
          return next(args);
        }) as never,
      { step: "initialize", name: "countLimit" },
    );
    await ids({ limit: 500 });
    await ids({});
    expect(queries).toEqual([100, 50]);
  });

  it("answers 503 when a read is throttled (get, query, batch get)", async () => {
    await store.put(article("t1", ["deadline"]));
    injectFault(dynamo.db, {
      commands: ["GetCommand", "GetItemCommand", "QueryCommand", "BatchGetCommand", "BatchGetItemCommand"],
      error: faults.throttling,
    });
    await expect(store.get("t1")).rejects.toBeInstanceOf(UnavailableError);
    await expect(store.queryByTopic("deadline")).rejects.toBeInstanceOf(UnavailableError);
    await expect(store.alreadyAlerted(["t1"])).rejects.toBeInstanceOf(UnavailableError);
  });

  it("skips the marker of an article that is not stored, without an error", async () => {
    await store.markAlerted(["never-stored"]);
    expect(await store.get("never-stored")).toBeUndefined();
  });
});
