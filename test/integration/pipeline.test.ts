import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EmbeddedBackend } from "../../cli/local/embedded-backend.ts";
import { replayEvent } from "../../cli/local/replay-runner.ts";
import { DynamoArticleStore } from "../../lambdas/adapters/dynamo-article-store.ts";
import { apiEvent, PLAIN_STORY, STORY, startTestBackend, tableContents } from "../support/embedded.ts";

let backend: EmbeddedBackend;
beforeEach(async () => {
  backend = await startTestBackend();
});
afterEach(async () => {
  await backend.stop();
});

const recipientsOf = (result: Awaited<ReturnType<typeof replayEvent>>) =>
  result.alerts.flatMap((a) => a.recipients.map((r) => r.endpoint)).sort();

describe("ingest -> store -> stream -> notify -> alerts on the embedded backend", () => {
  it("stores a tagged article once and alerts each matching subscriber once", async () => {
    const result = await replayEvent(backend, "story", apiEvent(STORY));
    expect((result.response as { statusCode: number }).statusCode).toBe(201);
    expect(result.stored).toHaveLength(1);
    const topics = result.stored[0]?.tags.map((t) => t.topic).sort();
    expect(topics).toEqual(["deadline", "expulsions", "intelligence"]);
    const deadline = result.stored[0]?.tags.find((t) => t.topic === "deadline")?.deadline;
    expect(deadline?.date).toBe("2026-06-30");
    // ONE alert for the article, reaching every confirmed subscriber whose topics overlap, the pending one excluded.
    expect(result.alerts).toHaveLength(1);
    expect(result.alerts[0]?.topics.sort()).toEqual(["deadline", "expulsions", "intelligence"]);
    expect(recipientsOf(result)).toEqual([
      "+12025550111",
      "all@example.org",
      "dates@example.org",
      "expel@example.org",
    ]);
    const { articles, tags } = await tableContents(backend);
    expect(articles).toHaveLength(1);
    expect(tags.map((t) => t.topic).sort()).toEqual(["deadline", "expulsions", "intelligence"]);
  });

  it("stores the same article sent twice once and alerts once per subscriber", async () => {
    const first = await replayEvent(backend, "first", apiEvent(STORY));
    const second = await replayEvent(
      backend,
      "second",
      apiEvent({ ...STORY, url: "https://example.org/other-link" }),
    );
    expect((second.response as { statusCode: number; body: string }).statusCode).toBe(200);
    expect(JSON.parse((second.response as { body: string }).body)).toMatchObject({ outcome: "duplicate" });
    expect(second.stored).toHaveLength(0);
    expect(second.alerts).toHaveLength(0);
    expect(recipientsOf(first)).toHaveLength(4);
    expect((await tableContents(backend)).articles).toHaveLength(1);
  });

  it("stores an untagged article without alerting anyone", async () => {
    const result = await replayEvent(backend, "plain", apiEvent(PLAIN_STORY));
    expect(result.stored).toHaveLength(1);
    expect(result.stored[0]?.tags).toEqual([]);
    expect(result.alerts).toEqual([]);
  });

  it("answers a batch per item: valid items stored, invalid ones named, status 207", async () => {
    const result = await replayEvent(
      backend,
      "batch",
      apiEvent({ articles: [STORY, { title: "No body" }, PLAIN_STORY] }),
    );
    const response = result.response as { statusCode: number; body: string };
    expect(response.statusCode).toBe(207);
    const { results } = JSON.parse(response.body) as {
      results: { status: number; error?: { message: string } }[];
    };
    expect(results.map((r) => r.status)).toEqual([201, 400, 201]);
    expect(results[1]?.error?.message).toMatch(/articles\[1\]: exactly one of body or html/);
    expect((await tableContents(backend)).articles).toHaveLength(2);
  });

  it("makes stored articles queryable by topic and time, newest first", async () => {
    await replayEvent(backend, "a", apiEvent(STORY));
    await replayEvent(
      backend,
      "b",
      apiEvent({ ...STORY, title: "A later story on the same cap", publishedAt: "2026-06-05T08:00:00Z" }),
    );
    const store = new DynamoArticleStore(backend.db, backend.tableName);
    const all = await store.queryByTopic("expulsions");
    expect(all.map((a) => a.publishedAt)).toEqual(["2026-06-05T08:00:00.000Z", "2026-06-01T08:00:00.000Z"]);
    const early = await store.queryByTopic("expulsions", { to: "2026-06-02" });
    expect(early.map((a) => a.title)).toEqual([STORY.title]);
    expect(await store.queryByTopic("no-such-topic")).toEqual([]);
  });
});

describe("bad requests", () => {
  it.each([
    ["invalid JSON", apiEvent("{", { raw: true }), 400, /not valid JSON/],
    ["wrong content type", apiEvent(STORY, { contentType: "text/plain" }), 415, /content-type/],
    ["missing title", apiEvent({ body: STORY.body }), 400, /title is required/],
    ["whitespace body", apiEvent({ title: "T", body: " \n\t " }), 422, /body has 0 characters/],
    ["javascript url", apiEvent({ ...STORY, url: "javascript:alert(1)" }), 400, /url must use http or https/],
  ])("%s gets %i with a message and stores nothing", async (_name, event, status, message) => {
    const result = await replayEvent(backend, "bad", event);
    const response = result.response as { statusCode: number; body: string };
    expect(response.statusCode).toBe(status);
    expect(JSON.parse(response.body).error.message).toMatch(message);
    expect(result.stored).toEqual([]);
    expect(result.alerts).toEqual([]);
    expect((await tableContents(backend)).all).toEqual([]);
  });
});
