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

/** True when an AWS SDK error is transient: throttling, a 5xx, a timeout or a dropped connection. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { $metadata?: { httpStatusCode?: number }; $retryable?: unknown; code?: string };
  if (RETRYABLE.has(e.name)) return true;
  if (e.$retryable) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  return ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND"].includes(e.code ?? "");
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
