import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { APIGatewayProxyEvent } from "aws-lambda";
import {
  type EmbeddedBackend,
  type EmbeddedOptions,
  startEmbeddedBackend,
} from "../../cli/local/embedded-backend.ts";
import { ScanCommand } from "../../lambdas/adapters/dynamo-client.ts";

/** Subscribers of the embedded tests, written by us: one per topic, one for all, one pending. */
export const TEST_SUBSCRIBERS = [
  { endpoint: "expel@example.org", protocol: "email", topics: ["expulsions"], confirmed: true },
  { endpoint: "+12025550111", protocol: "sms", topics: ["intelligence"], confirmed: true },
  { endpoint: "dates@example.org", protocol: "email", topics: ["deadline"], confirmed: true },
  {
    endpoint: "all@example.org",
    protocol: "email",
    topics: ["expulsions", "intelligence", "deadline"],
    confirmed: true,
  },
  { endpoint: "unconfirmed@example.org", protocol: "email", topics: ["expulsions"], confirmed: false },
];

export async function startTestBackend(options: EmbeddedOptions = {}): Promise<EmbeddedBackend> {
  const dir = await mkdtemp(join(tmpdir(), "wirewatch-test-"));
  const subscribersFile = join(dir, "subscribers.json");
  await writeFile(subscribersFile, JSON.stringify({ subscribers: TEST_SUBSCRIBERS }, null, 2));
  return startEmbeddedBackend({
    subscribersFile,
    bucketDir: join(dir, "bucket"),
    feedsFile: null,
    ...options,
  });
}

/** Every item in the table, split by kind. */
export async function tableContents(backend: EmbeddedBackend) {
  const out = await backend.db.send(new ScanCommand({ TableName: backend.tableName, ConsistentRead: true }));
  const items = out.Items ?? [];
  return {
    articles: items.filter((i) => i.sk === "ARTICLE"),
    tags: items.filter((i) => String(i.sk).startsWith("TAG#")),
    all: items,
  };
}

/** An API Gateway REST proxy event for POST /articles, as API Gateway sends it after IAM authorisation. */
export function apiEvent(
  body: unknown,
  options: { contentType?: string | null; raw?: boolean; base64?: boolean } = {},
): APIGatewayProxyEvent {
  const text = options.raw ? String(body) : JSON.stringify(body);
  const headers: Record<string, string> = {};
  if (options.contentType !== null) headers["Content-Type"] = options.contentType ?? "application/json";
  return {
    resource: "/articles",
    path: "/articles",
    httpMethod: "POST",
    headers,
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      requestId: `test-${Math.random().toString(36).slice(2)}`,
    } as APIGatewayProxyEvent["requestContext"],
    body: options.base64 ? Buffer.from(text).toString("base64") : text,
    isBase64Encoded: options.base64 ?? false,
  };
}

/** A multi-paragraph story of our own about a diplomatic expulsion with a deadline and an intelligence angle. */
export const STORY = {
  title: "Government caps foreign embassy staff after spy scandal",
  body: [
    "The foreign ministry announced on Monday that it would cap the number of diplomats the northern federation may keep in the capital at the size of its own mission abroad.",
    "Officials said the federation has until the end of June to withdraw the staff above the new ceiling.",
    "Last month the government expelled twelve embassy employees it described as intelligence officers working under diplomatic cover.",
    "The federation's foreign ministry called the step unfriendly and promised a response.",
  ].join("\n\n"),
  source: "Test Wire",
  publishedAt: "2026-06-01T08:00:00Z",
};

export const PLAIN_STORY = {
  title: "Library extends opening hours in winter",
  body: "The central library will stay open two hours longer on weekdays during the winter months, the council said.",
  publishedAt: "2026-01-05",
};
