import type { TaggedArticle, TopicTag } from "../core/article.ts";
import type { ArticleStore, PutOutcome } from "../core/ports.ts";
import { batchGetAll, batchPutAll, isConditionFailure } from "./aws-batch.ts";
import { asUnavailable, isRetryable } from "./aws-errors.ts";
import { type DocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "./dynamo-client.ts";
import { ARTICLE_SK, articlePk, TABLE_KEYS, tagSk, topicPk } from "./table-schema.ts";

/** The stored form of an article item (see table-schema.ts for the layout). */
export interface ArticleItem extends TaggedArticle {
  pk: string;
  sk: typeof ARTICLE_SK;
  kind: "article";
  topics: string[];
  alertedAt?: string;
}

export function toArticleItem(article: TaggedArticle): ArticleItem {
  return {
    pk: articlePk(article.id),
    sk: ARTICLE_SK,
    kind: "article",
    ...article,
    topics: article.tags.map((t) => t.topic),
  };
}

/** The article inside a stored item (or a stream image), without key attributes. */
export function fromArticleItem(item: Record<string, unknown>): TaggedArticle & { alertedAt?: string } {
  const { pk: _pk, sk: _sk, kind: _kind, topics: _topics, ...article } = item;
  return article as unknown as TaggedArticle & { alertedAt?: string };
}

function tagItem(article: TaggedArticle, tag: TopicTag) {
  return {
    pk: articlePk(article.id),
    sk: tagSk(tag.topic),
    kind: "tag",
    [TABLE_KEYS.byTopicPartitionKey]: topicPk(tag.topic),
    [TABLE_KEYS.byTopicSortKey]: `${article.publishedAt}#${article.id}`,
    id: article.id,
    title: article.title,
    url: article.url,
    publishedAt: article.publishedAt,
    ...tag,
  };
}

/**
 * DynamoDB implementation of ArticleStore. No transactions (the embedded backend has none): the article item is
 * written first with a condition, so it is all-or-nothing and written once; the tag edges that index it by topic
 * follow, and a repeated put of the same article rewrites the stored article's edges, healing an earlier
 * interrupted write.
 */
export class DynamoArticleStore implements ArticleStore {
  constructor(
    private readonly db: DocumentClient,
    private readonly tableName: string,
  ) {}

  async put(article: TaggedArticle): Promise<PutOutcome> {
    let outcome: PutOutcome = "created";
    let stored: TaggedArticle = article;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toArticleItem(article),
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) asUnavailable(error, "the article store");
      outcome = "duplicate";
      stored = (await this.get(article.id)) ?? article;
    }
    await this.writeTagEdges(stored);
    return outcome;
  }

  private async writeTagEdges(article: TaggedArticle): Promise<void> {
    await batchPutAll(
      this.db,
      this.tableName,
      article.tags.map((tag) => tagItem(article, tag)),
      "the article store",
    );
  }

  async get(id: string): Promise<(TaggedArticle & { alertedAt?: string }) | undefined> {
    try {
      const out = await this.db.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: articlePk(id), sk: ARTICLE_SK },
          ConsistentRead: true,
        }),
      );
      return out.Item ? fromArticleItem(out.Item) : undefined;
    } catch (error) {
      return asUnavailable(error, "the article store");
    }
  }

  async queryByTopic(
    topic: string,
    range: { from?: string; to?: string; limit?: number } = {},
  ): Promise<TaggedArticle[]> {
    const from = range.from ?? "0000";
    const to = `${range.to ?? "9999"}~`;
    const out = await this.db
      .send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: TABLE_KEYS.byTopicIndex,
          KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :from AND :to",
          ExpressionAttributeNames: {
            "#pk": TABLE_KEYS.byTopicPartitionKey,
            "#sk": TABLE_KEYS.byTopicSortKey,
          },
          ExpressionAttributeValues: { ":pk": topicPk(topic), ":from": from, ":to": to },
          ScanIndexForward: false,
          Limit: Math.min(range.limit ?? 50, 100),
        }),
      )
      .catch((error) => asUnavailable(error, "the article store"));
    const ids = (out.Items ?? []).map((item) => String(item.id));
    const byId = await this.batchGet(ids);
    return ids.flatMap((id) => {
      const item = byId.get(id);
      return item ? [fromArticleItem(item)] : [];
    });
  }

  /** Every article tagged `topic` published in [from, to), oldest first (all pages). */
  async listByTopic(topic: string, from: string, to: string): Promise<TaggedArticle[]> {
    const ids: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db
        .send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: TABLE_KEYS.byTopicIndex,
            KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :from AND :to",
            ExpressionAttributeNames: {
              "#pk": TABLE_KEYS.byTopicPartitionKey,
              "#sk": TABLE_KEYS.byTopicSortKey,
            },
            // The sort key is `<publishedAt>#<id>`: "#" sorts before any id character, "~" after.
            ExpressionAttributeValues: { ":pk": topicPk(topic), ":from": from, ":to": `${to}#` },
            ExclusiveStartKey: start,
          }),
        )
        .catch((error) => asUnavailable(error, "the article store"));
      for (const item of out.Items ?? []) if (String(item.publishedAt) < to) ids.push(String(item.id));
      start = out.LastEvaluatedKey;
    } while (start);
    const byId = await this.batchGet(ids);
    return ids.flatMap((id) => {
      const item = byId.get(id);
      return item ? [fromArticleItem(item)] : [];
    });
  }

  private async batchGet(
    ids: readonly string[],
    projection?: string,
  ): Promise<Map<string, Record<string, unknown>>> {
    const keys = [...new Set(ids)].map((id) => ({ pk: articlePk(id), sk: ARTICLE_SK }));
    const items = await batchGetAll(this.db, this.tableName, keys, "the article store", projection);
    return new Map(items.map((item) => [String(item.pk).slice("ARTICLE#".length), item]));
  }

  async alreadyAlerted(ids: readonly string[]): Promise<Set<string>> {
    const items = await this.batchGet(ids, "pk, alertedAt");
    return new Set([...items].filter(([, item]) => item.alertedAt !== undefined).map(([id]) => id));
  }

  /**
   * Sets each article's alerted marker. The alerts already went out, so a marker not written means the article could
   * be alerted again by a later retry of its record: each write is retried on a transient failure (the soak test
   * throttles 2% of writes), and one id's failure never stops the others from being marked. Throws, after trying
   * every id, when some could not be marked.
   */
  async markAlerted(ids: readonly string[], at = new Date()): Promise<void> {
    const failed: unknown[] = [];
    for (const id of ids) {
      for (let attempt = 0; ; attempt++) {
        try {
          await this.db.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: { pk: articlePk(id), sk: ARTICLE_SK },
              UpdateExpression: "SET alertedAt = if_not_exists(alertedAt, :at)",
              ConditionExpression: "attribute_exists(pk)",
              ExpressionAttributeValues: { ":at": at.toISOString() },
            }),
          );
          break;
        } catch (error) {
          if (isConditionFailure(error)) break;
          if (!isRetryable(error) || attempt >= 4) {
            failed.push(error);
            break;
          }
          await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
        }
      }
    }
    if (failed.length > 0) asUnavailable(failed[0], `the article store (${failed.length} alerted marker(s))`);
  }
}
