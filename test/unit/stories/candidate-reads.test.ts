/**
 * Which story lookups may read eventually consistent buckets: only an article that can merely join a story (no
 * topic matched), never one that would start a story and alert. The table adapter turns the choice into
 * `ConsistentRead` (a narrow SDK-shape check; the buckets' contents are tested against dynalite and moto).
 */
import { describe, expect, it } from "vitest";
import { createDocumentClient } from "../../../lambdas/adapters/dynamo-client.ts";
import { DynamoStoryStore } from "../../../lambdas/adapters/dynamo-story-store.ts";
import { assignStory } from "../../../lambdas/core/stories/assign.ts";
import { MemoryStoryIndex } from "../../../lambdas/core/stories/memory-index.ts";
import { article, ORIGINAL, TRIMMED_WITH_CREDIT } from "../../support/story-texts.ts";

class RecordingIndex extends MemoryStoryIndex {
  readonly reads: (boolean | undefined)[] = [];
  override async candidates(bandKeys: readonly string[], options?: { consistent?: boolean }) {
    this.reads.push(options?.consistent);
    return super.candidates(bandKeys);
  }
}

describe("story candidate reads", () => {
  it("are consistent for an article that may start a story, eventual for one that can only join", async () => {
    const index = new RecordingIndex();
    const first = await assignStory(article(ORIGINAL, ["expulsions"]), index);
    const joined = await assignStory(
      article(TRIMMED_WITH_CREDIT, [], { source: "Sample Post" }),
      index,
      undefined,
      { create: false },
    );
    expect(joined?.storyId).toBe(first.storyId);
    expect(index.reads).toEqual([true, false]);
  });

  it("reach the table as ConsistentRead, consistent unless asked otherwise", async () => {
    const doc = createDocumentClient({ region: "us-east-1", endpoint: "http://127.0.0.1:9" });
    // Answered before the network, at the client's first step: only the request's shape is checked here.
    const consistent: unknown[] = [];
    doc.middlewareStack.add(
      (_next, context) => async (args) => {
        if (context.commandName !== "QueryCommand") throw new Error(`unexpected ${context.commandName}`);
        consistent.push(args.input.ConsistentRead);
        return { output: { Items: [{ storyId: "s1", firstPublishedAt: "2026-05-01T00:00:00Z" }] } };
      },
      { step: "initialize", name: "answerQuery" },
    );
    const store = new DynamoStoryStore(doc, "t");
    expect(await store.candidates(["0:ab", "1:cd"])).toEqual([
      { storyId: "s1", firstPublishedAt: "2026-05-01T00:00:00Z" },
    ]);
    await store.candidates(["0:ab"], { consistent: false });
    await store.candidates(["0:ab"], { consistent: true });
    expect(consistent).toEqual([true, true, false, true]);
    doc.destroy();
  });
});
