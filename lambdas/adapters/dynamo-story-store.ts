import type { Story, StoryCandidate, StoryIndex, StoryMember } from "../core/stories/story.ts";
import { batchGetAll, batchPutAll, isConditionFailure } from "./aws-batch.ts";
import { asUnavailable } from "./aws-errors.ts";
import { type DocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "./dynamo-client.ts";
import { lshPk, lshSk, STORY_SK, storyPk, TTL_ATTRIBUTE } from "./table-schema.ts";

// The same table as the articles: to a caller it is one store.
const WHAT = "the article store";
/** Stories read from one LSH bucket: a bucket shared by more stories than this is boilerplate, not a story. */
const BUCKET_LIMIT = 25;

function toStory(item: Record<string, unknown>): Story {
  const { pk: _pk, sk: _sk, kind: _kind, ...story } = item;
  return story as unknown as Story;
}

/**
 * The story index in the articles table (layout in table-schema.ts). No transactions: the story item changes only
 * through conditional writes (create if absent; add a member if the version is the one read and the member is
 * new), and bucket items are idempotent puts written after the story item, so an interrupted write is healed by
 * the retry that finds the story again.
 */
export class DynamoStoryStore implements StoryIndex {
  constructor(
    private readonly db: DocumentClient,
    private readonly tableName: string,
  ) {}

  async getStory(storyId: string): Promise<Story | undefined> {
    const out = await this.db
      .send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: storyPk(storyId), sk: STORY_SK },
          ConsistentRead: true,
        }),
      )
      .catch((error) => asUnavailable(error, WHAT));
    return out.Item ? toStory(out.Item) : undefined;
  }

  async getStories(storyIds: readonly string[]): Promise<Story[]> {
    const keys = [...new Set(storyIds)].map((id) => ({ pk: storyPk(id), sk: STORY_SK }));
    return (await batchGetAll(this.db, this.tableName, keys, WHAT)).map(toStory);
  }

  async candidates(
    bandKeys: readonly string[],
    options: { consistent?: boolean } = {},
  ): Promise<StoryCandidate[]> {
    const consistent = options.consistent ?? true;
    const pages = await Promise.all(
      bandKeys.map((key) =>
        this.db
          .send(
            new QueryCommand({
              TableName: this.tableName,
              KeyConditionExpression: "pk = :pk",
              ExpressionAttributeValues: { ":pk": lshPk(key) },
              ProjectionExpression: "storyId, firstPublishedAt",
              ConsistentRead: consistent,
              Limit: BUCKET_LIMIT,
            }),
          )
          .catch((error) => asUnavailable(error, WHAT)),
      ),
    );
    const out = new Map<string, StoryCandidate>();
    for (const page of pages)
      for (const item of page.Items ?? [])
        out.set(String(item.storyId), {
          storyId: String(item.storyId),
          firstPublishedAt: String(item.firstPublishedAt),
        });
    return [...out.values()];
  }

  async createStory(story: Story): Promise<"created" | "exists"> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: storyPk(story.storyId), sk: STORY_SK, kind: "story", ...story },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return "created";
    } catch (error) {
      if (isConditionFailure(error)) return "exists";
      return asUnavailable(error, WHAT);
    }
  }

  async addBuckets(story: StoryCandidate, bandKeys: readonly string[], expiresAt: number): Promise<void> {
    const items = bandKeys.map((key) => ({
      pk: lshPk(key),
      sk: lshSk(story.storyId),
      kind: "lsh",
      storyId: story.storyId,
      firstPublishedAt: story.firstPublishedAt,
      [TTL_ATTRIBUTE]: expiresAt,
    }));
    await batchPutAll(this.db, this.tableName, items, WHAT);
  }

  async addMember(
    storyId: string,
    member: StoryMember,
    change: { topics: string[]; latestPublishedAt: string },
    expectedVersion: number,
  ): Promise<"added" | "conflict"> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: storyPk(storyId), sk: STORY_SK },
          UpdateExpression:
            "SET members.#id = :member, topics = :topics, latestPublishedAt = :latest, version = version + :one",
          ConditionExpression: "version = :version AND attribute_not_exists(members.#id)",
          ExpressionAttributeNames: { "#id": member.articleId },
          ExpressionAttributeValues: {
            ":member": member,
            ":topics": change.topics,
            ":latest": change.latestPublishedAt,
            ":one": 1,
            ":version": expectedVersion,
          },
        }),
      );
      return "added";
    } catch (error) {
      if (isConditionFailure(error)) return "conflict";
      return asUnavailable(error, WHAT);
    }
  }
}
