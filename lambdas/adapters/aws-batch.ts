import { asUnavailable } from "./aws-errors.ts";
import { BatchGetCommand, BatchWriteCommand, type DocumentClient } from "./dynamo-client.ts";

const backoff = (attempt: number) => new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
const unprocessed = () => Object.assign(new Error("unprocessed items"), { name: "ThrottlingException" });

/** Puts every item with BatchWriteItem (25 a request), retrying unprocessed items; throws UnavailableError at last. */
export async function batchPutAll(
  db: DocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
  what: string,
): Promise<void> {
  let requests = items.map((Item) => ({ PutRequest: { Item } }));
  // Attempts count the calls that left items unprocessed in a row: a fully written chunk starts the count again,
  // so more than 5 chunks (125 items) need no retries and no backoff between them.
  for (let attempt = 0; requests.length > 0; ) {
    if (attempt >= 5) asUnavailable(unprocessed(), what);
    if (attempt > 0) await backoff(attempt);
    const out = await db
      .send(new BatchWriteCommand({ RequestItems: { [tableName]: requests.slice(0, 25) } }))
      .catch((error) => asUnavailable(error, what));
    const back = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    requests = [...back, ...requests.slice(25)];
    attempt = back.length > 0 ? attempt + 1 : 0;
  }
}

/**
 * Gets every key with BatchGetItem (100 a request, consistent reads), retrying unprocessed keys; `projection`
 * (a ProjectionExpression) reads only the attributes named. Keys must be distinct (DynamoDB refuses a repeat).
 */
export async function batchGetAll(
  db: DocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
  what: string,
  projection?: string,
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] = keys.slice(i, i + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= 5) asUnavailable(unprocessed(), what);
      if (attempt > 0) await backoff(attempt);
      const out = await db
        .send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: {
                Keys: pending,
                ConsistentRead: true,
                ...(projection ? { ProjectionExpression: projection } : {}),
              },
            },
          }),
        )
        .catch((error) => asUnavailable(error, what));
      found.push(...(out.Responses?.[tableName] ?? []));
      pending = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return found;
}

export const isConditionFailure = (e: unknown) =>
  e instanceof Error && e.name === "ConditionalCheckFailedException";
