import type { ItemResult } from "../core/ingest/ingest.ts";
import type { IngestSource } from "../core/metrics.ts";
import { JsonLogger } from "./json-logger.ts";

/** Structured JSON logs (json-logger.ts) and CloudWatch EMF metrics for one function. */
export interface Telemetry {
  logger: JsonLogger;
  /** Adds to a count metric, optionally with one dimension (e.g. { topic: "deadline" }). */
  count(name: string, value?: number, dimension?: { name: string; value: string }): void;
  /** Emits the metrics gathered during an invocation. */
  flush(): void;
}

/**
 * Counts in CloudWatch's embedded metric format: one JSON line per dimension set, written to stdout, which
 * Lambda sends to CloudWatch Logs, where the metrics are extracted. A few lines of code in place of Powertools
 * Metrics, whose import measured as a tenth of a function's cold start for the counts we need; same namespace
 * and `service` dimension, counts summed per invocation.
 */
export class EmfCounts {
  private readonly pending = new Map<
    string,
    { dimension?: { name: string; value: string }; counts: Map<string, number> }
  >();

  constructor(
    private readonly namespace: string,
    private readonly service: string,
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
  ) {}

  add(name: string, value: number, dimension?: { name: string; value: string }): void {
    const key = dimension ? `${dimension.name}\u0000${dimension.value}` : "";
    let set = this.pending.get(key);
    if (!set) {
      set = { ...(dimension ? { dimension } : {}), counts: new Map() };
      this.pending.set(key, set);
    }
    set.counts.set(name, (set.counts.get(name) ?? 0) + value);
  }

  /** Writes and forgets what was counted since the last flush; writes nothing when nothing was counted. */
  flush(now: number = Date.now()): void {
    for (const { dimension, counts } of this.pending.values()) {
      const dimensions = dimension ? ["service", dimension.name] : ["service"];
      const blob: Record<string, unknown> = {
        _aws: {
          Timestamp: now,
          CloudWatchMetrics: [
            {
              Namespace: this.namespace,
              Dimensions: [dimensions],
              Metrics: [...counts.keys()].map((Name) => ({ Name, Unit: "Count" })),
            },
          ],
        },
        service: this.service,
        ...(dimension ? { [dimension.name]: dimension.value } : {}),
      };
      for (const [name, value] of counts) blob[name] = value;
      this.write(`${JSON.stringify(blob)}\n`);
    }
    this.pending.clear();
  }
}

export function createTelemetry(serviceName: string, options: { silent?: boolean } = {}): Telemetry {
  const logger = new JsonLogger({ service: serviceName, ...(options.silent ? { level: "SILENT" } : {}) });
  const metrics = new EmfCounts(process.env.POWERTOOLS_METRICS_NAMESPACE ?? "wirewatch", serviceName);
  const enabled = !options.silent;
  return {
    logger,
    count(name, value = 1, dimension) {
      if (enabled) metrics.add(name, value, dimension);
    },
    flush() {
      if (enabled) metrics.flush();
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
  /** The ingest path, as the `source` dimension of ArticlesIngested; else `context.source`, else "api". */
  sourceArg?: IngestSource,
): void {
  const source: IngestSource = sourceArg ?? context.source ?? "api";
  for (const r of results) {
    if ("id" in r) {
      const created = r.outcome === "created";
      telemetry.logger.info(created ? "article stored" : "duplicate article skipped", {
        articleId: r.id,
        ...context,
        topics: r.topics,
        ...(r.story ? { storyId: r.story.id, story: r.story.outcome, copies: r.story.copies } : {}),
      });
      if (created) telemetry.count("ArticlesIngested", 1, { name: "source", value: source });
      else telemetry.count("DuplicatesSkipped");
      if (created && r.story?.outcome === "joined") telemetry.count("StoriesMerged");
      for (const topic of created ? r.topics : [])
        telemetry.count("ArticlesTagged", 1, { name: "topic", value: topic });
    } else {
      telemetry.logger.warn("article rejected", { ...context, status: r.status, error: r.error });
      telemetry.count(r.status >= 500 ? "IngestUnavailable" : "ArticlesRejected");
    }
  }
}
