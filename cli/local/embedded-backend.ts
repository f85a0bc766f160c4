import { resolve } from "node:path";
import type { APIGatewayProxyEvent, DynamoDBStreamEvent } from "aws-lambda";
import { createTelemetry } from "../../lambdas/adapters/telemetry.ts";
import { ingestApiDeps, ingestS3Deps, notifyDeps } from "../../lambdas/composition.ts";
import { DEFAULT_LIMITS, type IngestLimits } from "../../lambdas/config.ts";
import { createIngestApiHandler } from "../../lambdas/ingest-api/app.ts";
import { createIngestS3Handler } from "../../lambdas/ingest-s3/app.ts";
import { createNotifyHandler } from "../../lambdas/notify/app.ts";
import { createArticlesTable, startEmbeddedDynamo } from "./embedded-dynamo.ts";
import { FolderObjectSource } from "./folder-object-source.ts";
import { createLocalSns } from "./local-sns.ts";
import { LocalStream } from "./local-stream.ts";
import type { ReplayBackend } from "./replay-runner.ts";

export interface EmbeddedOptions {
  subscribersFile?: string;
  bucketDir?: string;
  limits?: IngestLimits;
  /** Show the handlers' structured logs (off by default: the replay prints its own summary). */
  logs?: boolean;
  tableName?: string;
  now?: () => Date;
}

export type EmbeddedBackend = ReplayBackend & {
  endpoint: string;
  tableName: string;
  topicArn: string;
  stream: LocalStream;
  db: Awaited<ReturnType<typeof startEmbeddedDynamo>>["db"];
};

/**
 * The embedded backend: dynalite in process for DynamoDB, a local stream recorder in place of DynamoDB Streams,
 * a local alert bus applying SNS filter policies to the subscribers file, and a folder in place of the bucket.
 * No AWS account, no network beyond loopback.
 */
export async function startEmbeddedBackend(options: EmbeddedOptions = {}): Promise<EmbeddedBackend> {
  const dynamo = await startEmbeddedDynamo();
  const tableName = options.tableName ?? "wirewatch-articles";
  await createArticlesTable(dynamo.endpoint, tableName);
  const stream = new LocalStream(tableName).attach(dynamo.db);
  const sns = createLocalSns({
    subscribersFile: resolve(options.subscribersFile ?? "events/subscribers.json"),
  });
  const silent = !options.logs;
  const config = { tableName, limits: options.limits ?? DEFAULT_LIMITS };
  const wiring = (service: string) => ({
    telemetry: createTelemetry(service, { silent }),
    ...(options.now ? { now: options.now } : {}),
  });
  const ingestApi = createIngestApiHandler(ingestApiDeps(config, dynamo.db, wiring("ingest-api")));
  const ingestS3 = createIngestS3Handler(
    ingestS3Deps(
      config,
      dynamo.db,
      new FolderObjectSource(resolve(options.bucketDir ?? "events/bucket")),
      wiring("ingest-s3"),
    ),
  );
  const notify = createNotifyHandler(
    notifyDeps({ tableName, topicArn: sns.topicArn }, dynamo.db, sns.client, wiring("notify")),
  );
  return {
    description: `embedded backend (dynalite at ${dynamo.endpoint}, local alert bus)`,
    endpoint: dynamo.endpoint,
    tableName,
    topicArn: sns.topicArn,
    stream,
    db: dynamo.db,
    ingestApi: (event: APIGatewayProxyEvent) => ingestApi(event),
    ingestS3: (event: unknown) => ingestS3(event),
    notify: (event: DynamoDBStreamEvent) => notify(event),
    takeStreamRecords: async () => stream.take(),
    takeDeliveries: async () => sns.takeDeliveries(),
    stop: () => dynamo.stop(),
  };
}
