/**
 * Typed domain errors. Each carries the HTTP status it maps to and a message that names the problem,
 * safe to show a caller (no stack traces, no internals). The mapping to responses happens in one place
 * (lambdas/ingest-api/http.ts).
 */
export abstract class WirewatchError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
}

/** The request or object is malformed or violates a rule: fix it before retrying. */
export class ValidationError extends WirewatchError {
  override name = "ValidationError";
  readonly status: number;
  readonly code: string;
  constructor(message: string, options: { status?: 400 | 413 | 415 | 422; code?: string } = {}) {
    super(message);
    this.status = options.status ?? 400;
    this.code = options.code ?? "invalid_request";
  }
}

/** A dependency (DynamoDB, SNS) failed or throttled: the same request may succeed later. */
export class UnavailableError extends WirewatchError {
  override name = "UnavailableError";
  readonly status = 503;
  readonly code = "unavailable";
  constructor(
    message: string,
    readonly retryAfterSeconds = 2,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
