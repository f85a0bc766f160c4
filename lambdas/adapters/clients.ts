import { S3Client } from "@aws-sdk/client-s3";
import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { SNSClient } from "@aws-sdk/client-sns";
import { createDocumentClient, type DocumentClient } from "./dynamo-client.ts";

/**
 * The one place that creates AWS clients. In Lambda the defaults apply (region and credentials from the
 * environment; AWS_ENDPOINT_URL is honoured by the SDK itself). Local runs pass an endpoint and test credentials.
 */
export interface ClientOptions {
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  maxAttempts?: number;
  /** DynamoDB only: one attempt's deadline (dynamo-client.ts; 2 s unless given). */
  requestTimeoutMs?: number;
}

const base = (o: ClientOptions) => ({
  ...(o.endpoint ? { endpoint: o.endpoint } : {}),
  ...(o.region ? { region: o.region } : {}),
  ...(o.credentials ? { credentials: o.credentials } : {}),
  ...(o.maxAttempts ? { maxAttempts: o.maxAttempts } : {}),
});

export function createDynamoClient(options: ClientOptions = {}): DocumentClient {
  return createDocumentClient({
    ...base(options),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
  });
}

export function createSnsClient(options: ClientOptions = {}): SNSClient {
  return new SNSClient(base(options));
}

export function createSchedulerClient(options: ClientOptions = {}): SchedulerClient {
  return new SchedulerClient(base(options));
}

export function createS3Client(options: ClientOptions = {}): S3Client {
  return new S3Client({ ...base(options), ...(options.endpoint ? { forcePathStyle: true } : {}) });
}

/** Options for a local endpoint (dynalite, moto): fixed region and throwaway credentials. */
export const localClientOptions = (endpoint: string, extra: Partial<ClientOptions> = {}): ClientOptions => ({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
  // dynalite and moto run in this machine's processes and stall under load (the moto soak), which DynamoDB's
  // 2 s attempt deadline is not meant for.
  requestTimeoutMs: 30_000,
  ...extra,
});
