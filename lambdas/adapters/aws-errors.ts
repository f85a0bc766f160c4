import { UnavailableError } from "../core/errors.ts";

const RETRYABLE = new Set([
  "ThrottlingException",
  "Throttling",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "ThrottledException",
  "TooManyRequestsException",
  "InternalServerError",
  "InternalFailure",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "TimeoutError",
  "RequestTimeout",
  "KMSThrottlingException",
]);

/** True when an AWS SDK error is transient: throttling, a 429 or transient 5xx, a timeout or a dropped connection. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { $metadata?: { httpStatusCode?: number }; $retryable?: unknown; code?: string };
  if (RETRYABLE.has(e.name)) return true;
  if (e.$retryable) return true;
  // The statuses the SDK retries: too many requests, and the transient server errors (not 501 Not Implemented).
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && [429, 500, 502, 503, 504].includes(status)) return true;
  return [
    "ECONNREFUSED",
    "ECONNRESET",
    "ETIMEDOUT",
    "EPIPE",
    "ENOTFOUND",
    "EAI_AGAIN",
    "EHOSTUNREACH",
    "ENETUNREACH",
  ].includes(e.code ?? "");
}

/** Maps a transient SDK error to UnavailableError (503 with a retry hint); anything else is rethrown as it is. */
export function asUnavailable(error: unknown, what: string): never {
  if (isRetryable(error)) {
    throw new UnavailableError(
      `${what} is temporarily unavailable (${(error as Error).name}); retry shortly`,
      2,
      {
        cause: error,
      },
    );
  }
  throw error;
}
