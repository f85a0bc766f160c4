/**
 * DynamoSentMarkers on dynalite: what a digest's or reminder's sent marker holds, that its key wins over any
 * attribute of the same name, and that the check reads its own write.
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createArticlesTable, startEmbeddedDynamo } from "../../cli/local/embedded-dynamo.ts";
import { GetCommand } from "../../lambdas/adapters/dynamo-client.ts";
import { DynamoSentMarkers } from "../../lambdas/adapters/dynamo-sent-markers.ts";
import { reminderPk, SENT_SK } from "../../lambdas/adapters/table-schema.ts";

const TABLE = "wirewatch-markers";
let dynamo: Awaited<ReturnType<typeof startEmbeddedDynamo>>;
beforeAll(async () => {
  dynamo = await startEmbeddedDynamo();
  await createArticlesTable(dynamo.endpoint, TABLE);
});
afterAll(async () => {
  await dynamo?.stop();
});

describe("DynamoSentMarkers", () => {
  it("answers false before the marker is written and true after", async () => {
    const markers = new DynamoSentMarkers(dynamo.db, TABLE);
    const key = { pk: reminderPk("st-1", "2026-04-10"), sk: SENT_SK };
    expect(await markers.isSent(key)).toBe(false);
    await markers.markSent(key, { articleId: "a-1" });
    expect(await markers.isSent(key)).toBe(true);
    expect(await markers.isSent({ pk: reminderPk("st-1", "2026-04-11"), sk: SENT_SK })).toBe(false);
  });

  it("stores the attributes with kind 'sent' and the time it was sent, under its own key whatever they say", async () => {
    const markers = new DynamoSentMarkers(dynamo.db, TABLE);
    const key = { pk: reminderPk("st-2", "2026-04-10"), sk: SENT_SK };
    const before = Date.now();
    await markers.markSent(key, { articleId: "a-2", pk: "ARTICLE#forged", kind: "article" });
    const { Item } = await dynamo.db.send(
      new GetCommand({ TableName: TABLE, Key: key, ConsistentRead: true }),
    );
    expect(Item).toMatchObject({ ...key, articleId: "a-2", kind: "sent" });
    const sentAt = Date.parse(String(Item?.sentAt));
    expect(sentAt).toBeGreaterThanOrEqual(before - 1000);
    expect(sentAt).toBeLessThanOrEqual(Date.now() + 1000);
    const forged = await dynamo.db.send(
      new GetCommand({ TableName: TABLE, Key: { pk: "ARTICLE#forged", sk: SENT_SK }, ConsistentRead: true }),
    );
    expect(forged.Item).toBeUndefined();
  });
});
