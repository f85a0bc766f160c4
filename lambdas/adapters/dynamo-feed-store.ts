import { createHash } from "node:crypto";
import { type FeedDefinition, type FeedRecord, type FeedState, feedIdOf } from "../core/feeds/feed.ts";
import type { FeedStore } from "../core/feeds/ports.ts";
import { batchGetAll, batchPutAll, isConditionFailure } from "./aws-batch.ts";
import { asUnavailable } from "./aws-errors.ts";
import {
  DeleteCommand,
  type DocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from "./dynamo-client.ts";
import { FEEDS_PK, feedEntriesPk, feedEntrySk, feedSk, TTL_ATTRIBUTE } from "./table-schema.ts";

/** The marker's sort key for an entry key: its SHA-256 (guids and links can be long, keys are at most 1 KB). */
export const entryHash = (key: string) => createHash("sha256").update(key).digest("hex").slice(0, 32);

const STATE_FIELDS = [
  "etag",
  "lastModified",
  "title",
  "lastPolledAt",
  "lastSuccessAt",
  "consecutiveFailures",
  "nextPollAt",
  "lastError",
  "lastStored",
] as const satisfies readonly (keyof FeedState)[];

function fromItem(item: Record<string, unknown>): FeedRecord {
  const { pk: _pk, sk: _sk, kind: _kind, ...rest } = item;
  return { consecutiveFailures: 0, ...rest } as unknown as FeedRecord;
}

/** Feed definitions, state and seen-entry markers in the articles table (layout in table-schema.ts). */
export class DynamoFeedStore implements FeedStore {
  constructor(
    private readonly db: DocumentClient,
    private readonly tableName: string,
  ) {}

  async list(): Promise<FeedRecord[]> {
    const feeds: FeedRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db
        .send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": FEEDS_PK },
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        )
        .catch((error) => asUnavailable(error, "the feed store"));
      for (const item of out.Items ?? []) feeds.push(fromItem(item));
      start = out.LastEvaluatedKey;
    } while (start);
    return feeds;
  }

  async get(id: string): Promise<FeedRecord | undefined> {
    const out = await this.db
      .send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: FEEDS_PK, sk: feedSk(id) },
          ConsistentRead: true,
        }),
      )
      .catch((error) => asUnavailable(error, "the feed store"));
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async put(definition: FeedDefinition, now: Date): Promise<FeedRecord> {
    const id = feedIdOf(definition.url);
    const out = await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: FEEDS_PK, sk: feedSk(id) },
          UpdateExpression:
            "SET #kind = :kind, id = :id, #url = :url, everyMinutes = :every, #fetch = :fetch, addedAt = if_not_exists(addedAt, :now), consecutiveFailures = if_not_exists(consecutiveFailures, :zero)",
          ExpressionAttributeNames: { "#kind": "kind", "#url": "url", "#fetch": "fetch" },
          ExpressionAttributeValues: {
            ":kind": "feed",
            ":id": id,
            ":url": definition.url,
            ":every": definition.everyMinutes,
            ":fetch": definition.fetch,
            ":now": now.toISOString(),
            ":zero": 0,
          },
          ReturnValues: "ALL_NEW",
        }),
      )
      .catch((error) => asUnavailable(error, "the feed store"));
    return fromItem(out.Attributes ?? {});
  }

  async remove(id: string): Promise<boolean> {
    const out = await this.db
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: FEEDS_PK, sk: feedSk(id) },
          ReturnValues: "ALL_OLD",
        }),
      )
      .catch((error) => asUnavailable(error, "the feed store"));
    // The seen-entry markers expire on their own (TTL).
    return out.Attributes !== undefined;
  }

  /** Writes the state fields only, and only while the feed exists (a feed removed mid-poll stays removed). */
  async saveState(id: string, state: FeedState): Promise<void> {
    const set: string[] = [];
    const remove: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    for (const field of STATE_FIELDS) {
      names[`#${field}`] = field;
      const value = state[field];
      if (value === undefined) remove.push(`#${field}`);
      else {
        set.push(`#${field} = :${field}`);
        values[`:${field}`] = value;
      }
    }
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: FEEDS_PK, sk: feedSk(id) },
          UpdateExpression: `SET ${set.join(", ")}${remove.length ? ` REMOVE ${remove.join(", ")}` : ""}`,
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      )
      .catch((error) => {
        if (isConditionFailure(error)) return;
        asUnavailable(error, "the feed store");
      });
  }

  async seen(feedId: string, keys: readonly string[]): Promise<Set<string>> {
    const byHash = new Map(keys.map((k) => [entryHash(k), k]));
    const request = [...byHash.keys()].map((h) => ({ pk: feedEntriesPk(feedId), sk: feedEntrySk(h) }));
    const items = await batchGetAll(this.db, this.tableName, request, "the feed store", "sk");
    const found = new Set<string>();
    for (const item of items) {
      const key = byHash.get(String(item.sk).slice("ENTRY#".length));
      if (key !== undefined) found.add(key);
    }
    return found;
  }

  async markSeen(feedId: string, keys: readonly string[], expiresAt: number): Promise<void> {
    const items = keys.map((key) => ({
      pk: feedEntriesPk(feedId),
      sk: feedEntrySk(entryHash(key)),
      kind: "feed-entry",
      // The key itself, cut: for people reading the table; the hash is the identity.
      entry: key.slice(0, 500),
      [TTL_ATTRIBUTE]: expiresAt,
    }));
    await batchPutAll(this.db, this.tableName, items, "the feed store");
  }
}

/** A feed item's stored attributes, for tests and tools that write the table directly. */
export const feedItemKey = (id: string) => ({ pk: FEEDS_PK, sk: feedSk(id) });
