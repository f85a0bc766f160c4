import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { recordIngestResults, type Telemetry } from "../adapters/telemetry.ts";
import type { IngestLimits } from "../config.ts";
import { WirewatchError } from "../core/errors.ts";
import { errorResult, type IngestDeps, ingestItems } from "../core/ingest/ingest.ts";
import { parseIngestRequest } from "../core/ingest/request.ts";
import { json, toResponse } from "./http.ts";

export interface IngestApiDeps extends IngestDeps {
  limits: IngestLimits;
  telemetry: Telemetry;
}

/** POST /articles: one article or a batch; validates, normalises, tags and stores each item once. */
export function createIngestApiHandler(deps: IngestApiDeps) {
  const { logger } = deps.telemetry;
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    logger.appendKeys({ requestId: event.requestContext?.requestId });
    try {
      const request = parseIngestRequest(event, deps.limits);
      const results = await ingestItems(request.items, deps);
      recordIngestResults(deps.telemetry, results, { source: "api" });
      return toResponse(request.batch, results);
    } catch (error) {
      if (error instanceof WirewatchError) {
        logger.warn("request rejected", { status: error.status, code: error.code, reason: error.message });
        deps.telemetry.count("ArticlesRejected");
        return toResponse(false, [errorResult(error)]);
      }
      logger.error("unexpected failure", error as Error);
      return json(500, {
        error: {
          code: "internal",
          message: `internal error; request id ${event.requestContext?.requestId ?? "unknown"}`,
        },
      });
    } finally {
      deps.telemetry.flush();
      logger.removeKeys(["requestId"]);
    }
  };
}
