import { Aspects, Duration, type IAspect, Stack } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as lambda from "aws-cdk-lib/aws-lambda";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct, type IConstruct } from "constructs";
import { INGEST_SOURCES, METRIC, METRIC_NAMESPACE } from "../../lambdas/core/metrics.ts";

export interface DashboardProps {
  /** Topic names, one line each on "tags per topic" (the stack reads them from topics/). */
  readonly topics: readonly string[];
  /** Dead-letter queues, by a stable name: their depth is on the dashboard. */
  readonly deadLetterQueues: Record<string, sqs.IQueue>;
  /** Work queues, by a stable name: depth and age of the oldest message (a growing backlog). @default - none */
  readonly workQueues?: Record<string, sqs.IQueue>;
  /** Period of every graph. @default Duration.minutes(5) */
  readonly period?: Duration;
}

/**
 * The operator's view of the pipeline, one CloudWatch dashboard: ingest rate by source, tags per topic, alerts
 * published and failed, duplicates and stories merged, queue and dead-letter depths, and errors, throttles and p95
 * duration for every Lambda function in the stack.
 *
 * The wirewatch metrics are EMF metrics whose dimensions include Powertools' `service`, so a graph sums a SEARCH
 * over the services rather than naming one: a metric emitted by several functions (api and s3 both count
 * ArticlesTagged) or by one added later (StoriesMerged, feed ingest) shows up without a change here.
 * Functions are found in the stack when it is synthesized (an aspect), so a function another construct adds, in
 * any order, gets its row without a line here.
 */
export class Dashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;
  /** The console URL of the dashboard. */
  public readonly url: string;
  private readonly period: Duration;
  private readonly functions = new Set<lambda.Function>();

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    this.period = props.period ?? Duration.minutes(5);
    this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      defaultInterval: Duration.hours(6),
    });
    const stack = Stack.of(this);
    this.url = `https://${stack.region}.console.aws.amazon.com/cloudwatch/home?region=${stack.region}#dashboards:name=${this.dashboard.dashboardName}`;

    const wide = { width: 12, height: 6 };
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown:
          "# wirewatch\nArticles in, tags, alerts out; queues; and every function's errors, throttles and p95 duration. Counts are sums per period.",
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Articles ingested by source",
        left: INGEST_SOURCES.map((source) =>
          this.sum(METRIC.articlesIngested, source, { name: "source", value: source }),
        ),
        ...wide,
      }),
      new cloudwatch.GraphWidget({
        title: "Tags per topic",
        left: props.topics.map((topic) =>
          this.sum(METRIC.articlesTagged, topic, { name: "topic", value: topic }),
        ),
        ...wide,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Alerts published and failed",
        left: [
          this.sum(METRIC.alertsPublished, "published"),
          this.sum(METRIC.alertPublishFailures, "publish failures"),
          this.sum(METRIC.duplicateAlertsSkipped, "already alerted (skipped)"),
        ],
        ...wide,
      }),
      new cloudwatch.GraphWidget({
        title: "Duplicates, stories merged, rejected",
        left: [
          this.sum(METRIC.duplicatesSkipped, "duplicates skipped"),
          this.sum(METRIC.storiesMerged, "stories merged"),
          this.sum(METRIC.articlesRejected, "rejected"),
          this.sum(METRIC.objectsSkipped, "objects skipped"),
          this.sum(METRIC.ingestUnavailable, "store unavailable (retried)"),
        ],
        ...wide,
      }),
    );
    const queueWidgets: cloudwatch.IWidget[] = [
      new cloudwatch.GraphWidget({
        title: "Dead-letter queue depth (anything above 0 needs wirewatch redrive)",
        left: Object.entries(props.deadLetterQueues).map(([name, queue]) =>
          queue.metricApproximateNumberOfMessagesVisible({
            period: this.period,
            statistic: "Maximum",
            label: name,
          }),
        ),
        ...wide,
      }),
    ];
    if (props.workQueues && Object.keys(props.workQueues).length > 0)
      queueWidgets.push(
        new cloudwatch.GraphWidget({
          title: "Work queues: messages waiting and age of the oldest",
          left: Object.entries(props.workQueues).map(([name, queue]) =>
            queue.metricApproximateNumberOfMessagesVisible({
              period: this.period,
              statistic: "Maximum",
              label: `${name} waiting`,
            }),
          ),
          right: Object.entries(props.workQueues).map(([name, queue]) =>
            queue.metricApproximateAgeOfOldestMessage({
              period: this.period,
              statistic: "Maximum",
              label: `${name} oldest (s)`,
            }),
          ),
          ...wide,
        }),
      );
    this.dashboard.addWidgets(...queueWidgets);

    // One row per function, added when the stack is synthesized: every function of the stack, whoever adds it.
    const self = this;
    const aspect: IAspect = {
      visit(node: IConstruct) {
        if (node instanceof lambda.Function) self.addFunction(node);
      },
    };
    Aspects.of(stack).add(aspect);
  }

  /** Adds the errors / throttles / p95 duration row of `fn` (once). */
  addFunction(fn: lambda.Function): void {
    if (this.functions.has(fn)) return;
    this.functions.add(fn);
    const name = functionLabel(fn);
    const opts = { period: this.period };
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: `${name}: errors and throttles`,
        left: [
          fn.metricErrors({ ...opts, statistic: "Sum", label: "errors" }),
          fn.metricThrottles({ ...opts, statistic: "Sum", label: "throttles" }),
          fn.metricInvocations({ ...opts, statistic: "Sum", label: "invocations" }),
        ],
        width: 12,
        height: 5,
      }),
      new cloudwatch.GraphWidget({
        title: `${name}: duration p95`,
        left: [fn.metricDuration({ ...opts, statistic: "p95", label: "p95 (ms)" })],
        width: 12,
        height: 5,
      }),
    );
  }

  /** The names of the functions on the dashboard, in order (for tests and the docs). */
  get functionNames(): string[] {
    return [...this.functions].map(functionLabel);
  }

  /**
   * A wirewatch count summed over the functions that emit it. Powertools adds the `service` dimension to every EMF
   * metric, so the search schema is {namespace, service[, dimension]} and the dimension's value is matched exactly
   * (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/search-expression-syntax.html).
   */
  private sum(
    metricName: string,
    label: string,
    dimension?: { name: string; value: string },
  ): cloudwatch.IMetric {
    const schema = dimension
      ? `{${METRIC_NAMESPACE},service,${dimension.name}}`
      : `{${METRIC_NAMESPACE},service}`;
    const term = dimension ? ` ${dimension.name}="${dimension.value}"` : "";
    return new cloudwatch.MathExpression({
      expression: `SUM(SEARCH('${schema} MetricName="${metricName}"${term}', 'Sum', ${this.period.toSeconds()}))`,
      label,
      period: this.period,
      usingMetrics: {},
    });
  }
}

/** "IngestApiHandler", "Notify/Handler": the function's construct path inside its stack, without "/Function". */
function functionLabel(fn: lambda.Function): string {
  const stack = Stack.of(fn);
  return fn.node.path
    .slice(stack.node.path.length + 1)
    .replace(/\/Function$/, "")
    .replace(/\/Handler$/, "");
}
