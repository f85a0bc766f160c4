import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { ItemResult } from "../core/ingest/ingest.ts";
import type { IngestSource } from "../core/metrics.ts";

/** Structured JSON logs and CloudWatch EMF metrics for one function (Powertools). */
export interface Telemetry {
  logger: Logger;
  /** Adds to a count metric, optionally with one dimension (e.g. { topic: "deadline" }). */
  count(name: string, value?: number, dimension?: { name: string; value: string }): void;
  /** Emits the metrics gathered during an invocation. */
  flush(): void;
}

export function createTelemetry(serviceName: string, options: { silent?: boolean } = {}): Telemetry {
  const logger = new Logger({ serviceName, ...(options.silent ? { logLevel: "SILENT" } : {}) });
  const metrics = new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? "wirewatch",
    serviceName,
  });
  const enabled = !options.silent;
  return {
    logger,
    count(name, value = 1, dimension) {
      if (!enabled) return;
      if (dimension)
        metrics
          .singleMetric()
          .addDimension(dimension.name, dimension.value)
          .addMetric(name, MetricUnit.Count, value);
      else metrics.addMetric(name, MetricUnit.Count, value);
    },
    flush() {
      if (enabled) metrics.publishStoredMetrics();
    },
  };
}

export type { IngestSource } from "../core/metrics.ts";

/**
 * Logs and counts the outcome of each ingested item, the same way for every ingest path. `context` (e.g. the
 * object key) is added to each log line; its `source` (default "api") is also the `ArticlesIngested` dimension.
 */
export function recordIngestResults(
  telemetry: Telemetry,
  results: readonly ItemResult[],
  context: Record<string, unknown> & { source?: IngestSource } = {},
): void {
  const source: IngestSource = context.source ?? "api";
  for (const r of results) {
    if ("id" in r) {
      const created = r.outcome === "created";
      telemetry.logger.info(created ? "article stored" : "duplicate article skipped", {
        articleId: r.id,
        ...context,
        topics: r.topics,
      });
      if (created) telemetry.count("ArticlesIngested", 1, { name: "source", value: source });
      else telemetry.count("DuplicatesSkipped");
      for (const topic of created ? r.topics : [])
        telemetry.count("ArticlesTagged", 1, { name: "topic", value: topic });
    } else {
      telemetry.logger.warn("article rejected", { ...context, status: r.status, error: r.error });
      telemetry.count(r.status >= 500 ? "IngestUnavailable" : "ArticlesRejected");
    }
  }
}
