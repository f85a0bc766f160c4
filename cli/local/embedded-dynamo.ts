import type { AddressInfo } from "node:net";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import { createDynamoClient, localClientOptions } from "../../lambdas/adapters/clients.ts";
import type { DocumentClient } from "../../lambdas/adapters/dynamo-client.ts";
import { TABLE_KEYS } from "../../lambdas/adapters/table-schema.ts";

export interface EmbeddedDynamo {
  endpoint: string;
  db: DocumentClient;
  stop(): Promise<void>;
}

/** Starts dynalite in this process, in memory, on a free loopback port. */
export async function startEmbeddedDynamo(): Promise<EmbeddedDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    db: createDynamoClient(localClientOptions(endpoint, { maxAttempts: 1 })),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Creates the articles table with the deployed layout (keys and the byTopic index of table-schema.ts). */
export async function createArticlesTable(
  endpoint: string,
  tableName: string,
  options: { stream?: boolean } = {},
): Promise<void> {
  const client = new DynamoDBClient(localClientOptions(endpoint));
  const S = "S" as const;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: TABLE_KEYS.partitionKey, AttributeType: S },
        { AttributeName: TABLE_KEYS.sortKey, AttributeType: S },
        { AttributeName: TABLE_KEYS.byTopicPartitionKey, AttributeType: S },
        { AttributeName: TABLE_KEYS.byTopicSortKey, AttributeType: S },
      ],
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: "HASH" },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: TABLE_KEYS.byTopicIndex,
          KeySchema: [
            { AttributeName: TABLE_KEYS.byTopicPartitionKey, KeyType: "HASH" },
            { AttributeName: TABLE_KEYS.byTopicSortKey, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
      ],
      ...(options.stream
        ? { StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" } }
        : {}),
    }),
  );
  client.destroy();
}
