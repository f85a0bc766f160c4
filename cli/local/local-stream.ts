import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import type { DocumentClient } from "../../lambdas/adapters/dynamo-client.ts";

/**
 * A stand-in for DynamoDB Streams on the embedded backend (dynalite has none): a middleware on the DynamoDB
 * client records each item that a successful PutItem or BatchWriteItem created, as the INSERT record Lambda would
 * receive (NEW_IMAGE view). A conditional put that failed creates nothing, as on DynamoDB. Overwrites of existing
 * items and UpdateItem calls would be MODIFY records, which the notify filter drops; they are not recorded.
 */
export class LocalStream {
  private pending: DynamoDBRecord[] = [];
  private sequence = 0;
  private readonly seen = new Set<string>();

  constructor(private readonly tableName: string) {}

  attach(db: DocumentClient): this {
    db.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        const input = args.input as {
          TableName?: string;
          Item?: Record<string, AttributeValue>;
          RequestItems?: Record<string, { PutRequest?: { Item: Record<string, AttributeValue> } }[]>;
        };
        if (input.TableName === this.tableName && input.Item) this.record(input.Item);
        const requests = input.RequestItems?.[this.tableName];
        // BatchWriteItem lists requests; BatchGetItem (an object of keys) writes nothing.
        for (const request of Array.isArray(requests) ? requests : []) {
          if (request.PutRequest) this.record(request.PutRequest.Item);
        }
        return result;
      },
      { step: "build", name: "wirewatchLocalStream" },
    );
    return this;
  }

  private record(item: Record<string, AttributeValue>): void {
    const key = `${item.pk?.S}|${item.sk?.S}`;
    // A put over an existing item is a MODIFY; only first writes are INSERTs.
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.sequence += 1;
    const sequenceNumber = String(this.sequence).padStart(21, "0");
    this.pending.push({
      eventID: `local-${this.sequence}`,
      eventName: "INSERT",
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: "local",
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: { pk: item.pk, sk: item.sk } as never,
        NewImage: item as never,
        SequenceNumber: sequenceNumber,
        SizeBytes: JSON.stringify(item).length,
        StreamViewType: "NEW_IMAGE",
      },
      eventSourceARN: `arn:aws:dynamodb:local:000000000000:table/${this.tableName}/stream/local`,
    });
  }

  /** The records produced since the last call, in write order. */
  take(): DynamoDBRecord[] {
    const records = this.pending;
    this.pending = [];
    return records;
  }
}

/**
 * Lambda event filtering for the subset our filters use: every key of the pattern must be present in the record;
 * an array lists the accepted values, an object nests. The same pattern object configures the deployed mapping.
 */
export function matchesEventPattern(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.some((accepted) => accepted === value);
  if (pattern && typeof pattern === "object") {
    if (!value || typeof value !== "object") return false;
    return Object.entries(pattern).every(([key, sub]) =>
      matchesEventPattern(sub, (value as Record<string, unknown>)[key]),
    );
  }
  return pattern === value;
}
