import type { SentMarkers } from "../core/ports.ts";
import { asUnavailable } from "./aws-errors.ts";
import { type DocumentClient, GetCommand, PutCommand } from "./dynamo-client.ts";

/** Sent markers for digests and reminders, in the articles table (keys from table-schema.ts). */
export class DynamoSentMarkers implements SentMarkers {
  constructor(
    private readonly db: DocumentClient,
    private readonly tableName: string,
  ) {}

  async isSent(key: { pk: string; sk: string }): Promise<boolean> {
    const out = await this.db
      .send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }))
      .catch((error) => asUnavailable(error, "the articles table"));
    return out.Item !== undefined;
  }

  async markSent(key: { pk: string; sk: string }, attributes: Record<string, unknown> = {}): Promise<void> {
    await this.db
      .send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...attributes, ...key, kind: "sent", sentAt: new Date().toISOString() },
        }),
      )
      .catch((error) => asUnavailable(error, "the articles table"));
  }
}
