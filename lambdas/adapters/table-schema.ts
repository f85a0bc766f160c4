/**
 * The articles table layout, shared by the DynamoDB adapter, the notify stream filter and the CDK construct.
 *
 * One item collection per article:
 *   pk = ARTICLE#<id>, sk = ARTICLE     the article with its tags (the stream's INSERT of this item raises the alert)
 *   pk = ARTICLE#<id>, sk = TAG#<topic> one tag edge per matched topic, indexed by topic and time in GSI1
 * GSI1 (byTopic): gsi1pk = TOPIC#<topic>, gsi1sk = <publishedAt>#<id>, so "articles on a topic between two dates,
 * newest first" is one Query.
 */
export const TABLE_KEYS = {
  partitionKey: "pk",
  sortKey: "sk",
  byTopicIndex: "byTopic",
  byTopicPartitionKey: "gsi1pk",
  byTopicSortKey: "gsi1sk",
} as const;

export const ARTICLE_SK = "ARTICLE";
export const articlePk = (id: string) => `ARTICLE#${id}`;
export const tagSk = (topic: string) => `TAG#${topic}`;
export const topicPk = (topic: string) => `TOPIC#${topic}`;

/**
 * Feeds (the feeds helper's items; never `sk = ARTICLE`, so they never reach notify):
 *   pk = FEED#ALL,      sk = FEED#<feedId>    one item per feed: its definition and polling state. One partition,
 *                                             so "every feed" is one Query, not a Scan of the articles table.
 *   pk = FEED#<feedId>, sk = ENTRY#<hash>     an entry already seen (hash of its guid or link), with a TTL
 */
export const FEEDS_PK = "FEED#ALL";
export const feedSk = (feedId: string) => `FEED#${feedId}`;
export const feedEntriesPk = (feedId: string) => `FEED#${feedId}`;
export const feedEntrySk = (entryHash: string) => `ENTRY#${entryHash}`;
/** The table's TTL attribute (epoch seconds); DynamoDB deletes an item some time after it passes. */
export const TTL_ATTRIBUTE = "expiresAt";
