/** The EMF writer behind Telemetry.count: lines CloudWatch can extract metrics from. */
import { describe, expect, it } from "vitest";
import { EmfCounts } from "../../lambdas/adapters/telemetry.ts";

function capture() {
  const lines: string[] = [];
  const emf = new EmfCounts("wirewatch", "ingest-api", (line) => lines.push(line));
  return { emf, blobs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>), lines };
}

describe("EmfCounts", () => {
  it("writes one embedded-metric-format line per dimension set, each metric's value at the top level", () => {
    const { emf, blobs, lines } = capture();
    emf.add("ArticlesIngested", 1, { name: "source", value: "api" });
    emf.add("ArticlesTagged", 1, { name: "topic", value: "deadline" });
    emf.add("ArticlesTagged", 1, { name: "topic", value: "expulsions" });
    emf.add("DuplicatesSkipped", 2);
    emf.flush(1_700_000_000_000);
    expect(lines.every((l) => l.endsWith("\n") && !l.slice(0, -1).includes("\n"))).toBe(true);
    expect(blobs()).toEqual([
      {
        _aws: {
          Timestamp: 1_700_000_000_000,
          CloudWatchMetrics: [
            {
              Namespace: "wirewatch",
              Dimensions: [["service", "source"]],
              Metrics: [{ Name: "ArticlesIngested", Unit: "Count" }],
            },
          ],
        },
        service: "ingest-api",
        source: "api",
        ArticlesIngested: 1,
      },
      expect.objectContaining({ topic: "deadline", ArticlesTagged: 1 }),
      expect.objectContaining({ topic: "expulsions", ArticlesTagged: 1 }),
      expect.objectContaining({ service: "ingest-api", DuplicatesSkipped: 2 }),
    ]);
  });

  it("declares every dimension and metric it names, as CloudWatch requires", () => {
    const { emf, blobs } = capture();
    emf.add("AlertsPublished", 3);
    emf.add("ArticlesTagged", 1, { name: "topic", value: "intelligence" });
    emf.flush();
    for (const blob of blobs()) {
      const [directive] = (
        blob._aws as { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[] }
      ).CloudWatchMetrics as [{ Dimensions: string[][]; Metrics: { Name: string }[] }];
      for (const key of directive.Dimensions.flat()) expect(typeof blob[key]).toBe("string");
      for (const { Name } of directive.Metrics) expect(typeof blob[Name]).toBe("number");
    }
  });

  it("sums counts within an invocation and starts afresh after a flush", () => {
    const { emf, blobs, lines } = capture();
    emf.add("AlertsPublished", 1);
    emf.add("AlertsPublished", 4);
    emf.add("AlertPublishFailures", 1);
    emf.flush();
    expect(blobs()).toEqual([expect.objectContaining({ AlertsPublished: 5, AlertPublishFailures: 1 })]);
    emf.flush();
    expect(lines).toHaveLength(1);
  });

  it("writes nothing when nothing was counted", () => {
    const { emf, lines } = capture();
    emf.flush();
    expect(lines).toEqual([]);
  });
});
