/**
 * DynamoDB's partial batch answers on a real dynalite: a client middleware that, for the first `times` calls of
 * BatchWriteItem or BatchGetItem, sends all but the last `hold` requests (or keys) on to dynalite and answers with
 * those held back as UnprocessedItems / UnprocessedKeys, merged into dynalite's real response. What is sent on is
 * really written or read; nothing else is faked.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DocumentClient } from "../../lambdas/adapters/dynamo-client.ts";

export type BatchCommand = "BatchWriteItemCommand" | "BatchGetItemCommand";

export interface HoldBack {
  /** Per batch call seen, the number of requests (or keys) it carried. */
  readonly calls: number[];
  /** Per batch call seen, when it was sent (Date.now()). */
  readonly at: number[];
  /** Removes the middleware. */
  clear(): void;
}

export function holdBack(
  db: DocumentClient | DynamoDBClient,
  table: string,
  command: BatchCommand,
  { hold = 1, times = 1 }: { hold?: number; times?: number } = {},
): HoldBack {
  const name = `holdBack${command}`;
  const state: HoldBack = { calls: [], at: [], clear: () => void db.middlewareStack.remove(name) };
  const write = command === "BatchWriteItemCommand";
  let held = 0;
  db.middlewareStack.add(
    ((
      next: (args: unknown) => Promise<{ output: Record<string, unknown> }>,
      context: { commandName?: string },
    ) =>
      async (args: { input: { RequestItems: Record<string, unknown> } }) => {
        if (context.commandName !== command) return next(args);
        const request = args.input.RequestItems[table] as unknown[] | { Keys: unknown[] } | undefined;
        const list = (write ? request : (request as { Keys: unknown[] } | undefined)?.Keys) as
          | unknown[]
          | undefined;
        state.calls.push(list?.length ?? 0);
        state.at.push(Date.now());
        if (!list || held >= times || list.length === 0) return next(args);
        held++;
        const kept = list.slice(0, Math.max(0, list.length - hold));
        const back = list.slice(kept.length);
        const withList = (l: unknown[]) => (write ? l : { ...(request as object), Keys: l });
        const result = kept.length
          ? await next({ ...args, input: { ...args.input, RequestItems: { [table]: withList(kept) } } })
          : { output: write ? { $metadata: {} } : { Responses: { [table]: [] }, $metadata: {} } };
        const unprocessed = write
          ? { UnprocessedItems: { [table]: back } }
          : { UnprocessedKeys: { [table]: withList(back) } };
        return { ...result, output: { ...result.output, ...unprocessed } };
      }) as never,
    { step: "serialize", priority: "high", name },
  );
  return state;
}
