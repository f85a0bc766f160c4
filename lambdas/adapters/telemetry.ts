import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

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
