/**
 * What a caller of the ingest API gets for the two domain errors (lambdas/core/errors.ts) when the code that
 * raises them sets nothing but a message: the defaults are part of the API.
 */
import { describe, expect, it } from "vitest";
import { UnavailableError, ValidationError } from "../../lambdas/core/errors.ts";
import { errorResult } from "../../lambdas/core/ingest/ingest.ts";
import { parseIngestValue } from "../../lambdas/core/ingest/request.ts";
import { toResponse } from "../../lambdas/ingest-api/http.ts";

describe("domain errors as API answers", () => {
  it("answers a malformed request 400 invalid_request unless the error says more", () => {
    let error: unknown;
    try {
      parseIngestValue({ articles: "not a list" }, { maxBodyBytes: 1000, maxBatchItems: 5 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const response = toResponse(false, [errorResult(error)]);
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual({
      status: 400,
      error: { code: "invalid_request", message: "articles must be an array of article objects" },
    });
  });

  it("answers an unavailable dependency 503 unavailable, asking to retry in 2 seconds", () => {
    const response = toResponse(false, [errorResult(new UnavailableError("the article table is throttled"))]);
    expect(response.statusCode).toBe(503);
    expect(response.headers?.["retry-after"]).toBe("2");
    expect(JSON.parse(response.body)).toEqual({
      status: 503,
      error: { code: "unavailable", message: "the article table is throttled" },
      retryAfterSeconds: 2,
    });
  });

  it("rethrows what is not a domain error, so a bug is not answered as a bad request", () => {
    expect(() => errorResult(new TypeError("x is undefined"))).toThrow(TypeError);
  });
});
