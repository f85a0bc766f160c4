/**
 * Which story lookups may read eventually consistent buckets: only an article that can merely join a story (no
 * topic matched), never one that would start a story and alert. The table adapter turns the choice into
 * `ConsistentRead` (a narrow SDK-shape check; the buckets' contents are tested against dynalite and moto).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
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
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1" }));
    const mock = mockClient(doc);
    mock.on(QueryCommand).resolves({ Items: [{ storyId: "s1", firstPublishedAt: "2026-05-01T00:00:00Z" }] });
    const store = new DynamoStoryStore(doc, "t");
    expect(await store.candidates(["0:ab", "1:cd"])).toEqual([
      { storyId: "s1", firstPublishedAt: "2026-05-01T00:00:00Z" },
    ]);
    await store.candidates(["0:ab"], { consistent: false });
    await store.candidates(["0:ab"], { consistent: true });
    expect(mock.commandCalls(QueryCommand).map((c) => c.args[0].input.ConsistentRead)).toEqual([
      true,
      true,
      false,
      true,
    ]);
    mock.restore();
  });
});
