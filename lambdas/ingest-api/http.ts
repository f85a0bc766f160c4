import type { APIGatewayProxyResult } from "aws-lambda";
import type { ItemResult } from "../core/ingest/ingest.ts";

const HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
};

export function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return { statusCode, headers: { ...HEADERS, ...headers }, body: JSON.stringify(body) };
}

const retryHeader = (r: ItemResult): Record<string, string> =>
  "retryAfterSeconds" in r && r.retryAfterSeconds !== undefined
    ? { "retry-after": String(r.retryAfterSeconds) }
    : {};

/** One article: its own status. A batch: 200 when every item is stored, the shared status when all failed alike, else 207. */
export function toResponse(batch: boolean, results: ItemResult[]): APIGatewayProxyResult {
  if (!batch) {
    const [only] = results;
    if (!only) return json(500, { error: { code: "internal", message: "no result" } });
    return json(only.status, only, retryHeader(only));
  }
  const statuses = new Set(results.map((r) => r.status));
  const allOk = results.every((r) => r.status < 300);
  const status = allOk ? 200 : statuses.size === 1 ? (results[0]?.status ?? 500) : 207;
  const retry = results.find((r) => r.status === 503);
  return json(status, { results }, retry ? retryHeader(retry) : {});
}
