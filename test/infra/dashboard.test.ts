import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it, vi } from "vitest";
import { definedTopics, readContext } from "../../infra/config.ts";
import { WirewatchFunction } from "../../infra/constructs/wirewatch-function.ts";
import { WirewatchStack } from "../../infra/wirewatch-stack.ts";
import { createTelemetry, recordIngestResults, type Telemetry } from "../../lambdas/adapters/telemetry.ts";
import type { ItemResult } from "../../lambdas/core/ingest/ingest.ts";
import { resources, synth } from "./synth.ts";

interface Widget {
  type: string;
  properties: { title?: string; metrics?: unknown[][]; markdown?: string };
}

/** The dashboard body with each CloudFormation reference written as ${LogicalId} or ${LogicalId.Attr}. */
function dashboardOf(template: Template): { widgets: Widget[]; text: string } {
  const [dash] = resources(template, "AWS::CloudWatch::Dashboard");
  expect(dash).toBeDefined();
  const body = dash?.[1].Properties.DashboardBody as { "Fn::Join": [string, unknown[]] };
  const text = body["Fn::Join"][1]
    .map((part) => {
      if (typeof part === "string") return part;
      const p = part as { Ref?: string; "Fn::GetAtt"?: [string, string] };
      return p.Ref ? `\${${p.Ref}}` : `\${${p["Fn::GetAtt"]?.join(".")}}`;
    })
    .join("");
  return { widgets: (JSON.parse(text) as { widgets: Widget[] }).widgets, text };
}

const titled = (widgets: Widget[], title: string) => {
  const w = widgets.find((x) => x.properties.title === title);
  expect(w, title).toBeDefined();
  return JSON.stringify(w?.properties.metrics);
};

describe("the CloudWatch dashboard", () => {
  const { template } = synth();
  const { widgets } = dashboardOf(template);

  it("is one dashboard, its console URL a stack output", () => {
    template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    const [id] = resources(template, "AWS::CloudWatch::Dashboard")[0] ?? [""];
    const url = (template.toJSON().Outputs as Record<string, { Value: unknown }>).DashboardUrl?.Value;
    expect(url).toEqual({
      "Fn::Join": [
        "",
        [
          "https://",
          { Ref: "AWS::Region" },
          ".console.aws.amazon.com/cloudwatch/home?region=",
          { Ref: "AWS::Region" },
          "#dashboards:name=",
          { Ref: id },
        ],
      ],
    });
  });

  it("graphs articles ingested by source: api, s3 and feed, summed over the functions that emit them", () => {
    const metrics = titled(widgets, "Articles ingested by source");
    for (const source of ["api", "s3", "feed"])
      expect(metrics).toContain(
        `SUM(SEARCH('{wirewatch,service,source} MetricName=\\"ArticlesIngested\\" source=\\"${source}\\"', 'Sum', 300))`,
      );
  });

  it("graphs tags per topic, one line for each topic defined in topics/", () => {
    const metrics = titled(widgets, "Tags per topic");
    const topics = definedTopics();
    expect(topics.length).toBeGreaterThanOrEqual(3);
    for (const topic of topics)
      expect(metrics).toContain(`MetricName=\\"ArticlesTagged\\" topic=\\"${topic}\\"`);
  });

  it("graphs alerts published and failed, duplicates and stories merged", () => {
    const alerts = titled(widgets, "Alerts published and failed");
    for (const name of ["AlertsPublished", "AlertPublishFailures", "DuplicateAlertsSkipped"])
      expect(alerts).toContain(`{wirewatch,service} MetricName=\\"${name}\\"`);
    const dupes = titled(widgets, "Duplicates, stories merged, rejected");
    for (const name of ["DuplicatesSkipped", "StoriesMerged"])
      expect(dupes).toContain(`MetricName=\\"${name}\\"`);
  });

  it("graphs the depth of both dead-letter queues and the ingest queue's backlog", () => {
    const dlq = titled(widgets, "Dead-letter queue depth (anything above 0 needs wirewatch redrive)");
    for (const prefix of ["NotifyDeadLetters", "IngestDeadLetters", "FeedPollerDeadLetters"])
      expect(dlq).toMatch(
        new RegExp(`ApproximateNumberOfMessagesVisible","QueueName","\\$\\{${prefix}\\w+\\.QueueName\\}`),
      );
    const work = titled(widgets, "Work queues: messages waiting and age of the oldest");
    expect(work).toMatch(/ApproximateAgeOfOldestMessage","QueueName","\$\{IngestBucketQueue\w+\.QueueName\}/);
  });

  it("has errors, throttles and p95 duration for every function in the stack", () => {
    const functions = resources(template, "AWS::Lambda::Function").map(([id]) => id);
    // ingest-api, ingest-s3, notify, poll-feeds: none of them named in the dashboard construct.
    expect(functions.length).toBeGreaterThanOrEqual(4);
    const rows = widgets.filter((w) =>
      /: (errors and throttles|duration p95)$/.test(w.properties.title ?? ""),
    );
    expect(rows).toHaveLength(2 * functions.length);
    for (const id of functions) {
      const mine = rows.filter((w) => JSON.stringify(w.properties.metrics).includes(`\${${id}}`));
      expect(mine.map((w) => w.properties.title?.replace(/^.*: /, "")).sort(), id).toEqual([
        "duration p95",
        "errors and throttles",
      ]);
      const all = JSON.stringify(mine.map((w) => w.properties.metrics));
      for (const metric of ["Errors", "Throttles", "Duration"])
        expect(all).toContain(`"AWS/Lambda","${metric}"`);
      expect(all).toContain('"stat":"p95"');
    }
  });

  it("adds a row for a function another construct adds, with no change to the dashboard code", () => {
    const app = new App({ context: { "aws:cdk:bundling-stacks": [] } });
    const stack = new WirewatchStack(app, "Wirewatch", { context: readContext(app.node) });
    // After the stack (and its dashboard) was built, as a later feature would add its function.
    new WirewatchFunction(stack, "FeedPollerHandler", {
      entry: "lambdas/notify/handler.ts",
      description: "test",
      serviceName: "wirewatch-test",
    });
    const later = dashboardOf(Template.fromStack(stack)).widgets.map((w) => w.properties.title);
    expect(later).toContain("FeedPollerHandler: errors and throttles");
    expect(later).toContain("FeedPollerHandler: duration p95");
  });
});

describe("recordIngestResults and the source dimension", () => {
  const created: ItemResult = { status: 201, outcome: "created", id: "a1", title: "T", topics: ["deadline"] };
  const duplicate: ItemResult = { status: 200, outcome: "duplicate", id: "a2", title: "T", topics: [] };

  function fakeTelemetry() {
    const counts: [string, number, { name: string; value: string } | undefined][] = [];
    const quiet = createTelemetry("test", { silent: true });
    const telemetry: Telemetry = {
      logger: quiet.logger,
      count: (name, value = 1, dimension) => void counts.push([name, value, dimension]),
      flush: () => undefined,
    };
    return { telemetry, counts };
  }

  it("counts ArticlesIngested with source = the path it came by (api by default), and duplicates without it", () => {
    for (const [context, source] of [
      [{}, "api"],
      [{ source: "s3" as const }, "s3"],
      [{ source: "feed" as const, feed: "https://example.org/rss" }, "feed"],
    ] as const) {
      const { telemetry, counts } = fakeTelemetry();
      recordIngestResults(telemetry, [created, duplicate], context);
      expect(counts).toEqual([
        ["ArticlesIngested", 1, { name: "source", value: source }],
        ["ArticlesTagged", 1, { name: "topic", value: "deadline" }],
        ["DuplicatesSkipped", 1, undefined],
      ]);
    }
  });

  it("emits EMF with the service and source dimensions the dashboard searches on", () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const telemetry = createTelemetry("wirewatch-ingest-s3");
      recordIngestResults(telemetry, [created], { source: "s3" });
      telemetry.flush();
    } finally {
      spy.mockRestore();
    }
    const emf = lines
      .flatMap((l) => l.split("\n"))
      .filter((l) => l.includes('"_aws"'))
      .map(
        (l) =>
          JSON.parse(l) as Record<string, unknown> & {
            _aws: {
              CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
            };
          },
      );
    const ingested = emf.find((e) =>
      e._aws.CloudWatchMetrics[0]?.Metrics.some((m) => m.Name === "ArticlesIngested"),
    );
    expect(ingested?._aws.CloudWatchMetrics[0]?.Namespace).toBe("wirewatch");
    expect(ingested?._aws.CloudWatchMetrics[0]?.Dimensions[0]?.sort()).toEqual(["service", "source"]);
    expect(ingested).toMatchObject({ service: "wirewatch-ingest-s3", source: "s3", ArticlesIngested: 1 });
  });
});
