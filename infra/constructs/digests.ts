import { Duration } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import { Construct } from "constructs";
import { ENV } from "../../lambdas/config.ts";
import type { DigestCadence } from "../../lambdas/core/alerts/filter-policy.ts";
import { DIGEST_SCHEDULES, digestScheduleInput } from "../../lambdas/core/digests/digest.ts";
import { FUNCTION_ENTRIES } from "../config.ts";
import type { Alerts } from "./alerts.ts";
import { DeadLetterQueue } from "./dead-letter-queue.ts";
import { SchedulerRole } from "./scheduled-function.ts";
import { WirewatchFunction } from "./wirewatch-function.ts";

export interface DigestsProps {
  readonly table: dynamodb.ITable;
  readonly alerts: Alerts;
  /** Invocation retries before a digest run goes to the dead-letter queue. @default 4 */
  readonly retryAttempts?: number;
}

/** Retry policy of the digest schedules: a digest more than six hours late is not worth sending. */
export const DIGEST_RETRY_POLICY = { maximumRetryAttempts: 4, maximumEventAgeInSeconds: 6 * 3600 } as const;

/**
 * The digest function and its two EventBridge Scheduler schedules (daily, weekly), each delivering the scheduled
 * "Send digest" event with its own time, with a retry policy and a dead-letter queue. The function lists the
 * alerts topic's subscriptions to find the digest groups, reads the period's articles by topic and publishes one
 * digest per group.
 */
export class Digests extends Construct {
  public readonly fn: WirewatchFunction;
  public readonly deadLetterQueue: DeadLetterQueue;
  public readonly schedules: scheduler.CfnSchedule[] = [];

  constructor(scope: Construct, id: string, props: DigestsProps) {
    super(scope, id);
    this.fn = new WirewatchFunction(this, "Handler", {
      entry: FUNCTION_ENTRIES.digest,
      description: "Sends daily and weekly digests to digest subscribers",
      serviceName: "wirewatch-digest",
      timeout: Duration.seconds(120),
      environment: {
        [ENV.tableName]: props.table.tableName,
        [ENV.topicArn]: props.alerts.topic.topicArn,
      },
    });
    this.deadLetterQueue = new DeadLetterQueue(this, "DeadLetters", {
      purpose: "digest schedule invocations that still failed after their retries",
    });
    const { role } = new SchedulerRole(this, "SchedulerRole", {
      target: this.fn.function,
      deadLetterQueue: this.deadLetterQueue.queue,
      description: "EventBridge Scheduler: invokes the digest function",
    });

    // Query on the byTopic index; BatchGetItem for articles and stories; GetItem/PutItem for the sent markers.
    const grants = dynamodb.TableGrants.fromTable(props.table, undefined, false);
    grants.actions(this.fn.function, "dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:PutItem");
    iam.Grant.addToPrincipal({
      grantee: this.fn.function,
      actions: ["dynamodb:Query"],
      resourceArns: [`${props.table.tableArn}/index/byTopic`],
    });
    props.alerts.grantPublish(this.fn.function);
    props.alerts.grantReadSubscriptions(this.fn.function);

    for (const cadence of ["daily", "weekly"] as DigestCadence[]) {
      this.schedules.push(
        new scheduler.CfnSchedule(this, cadence === "daily" ? "Daily" : "Weekly", {
          description: `wirewatch ${cadence} digest`,
          scheduleExpression: DIGEST_SCHEDULES[cadence],
          scheduleExpressionTimezone: "UTC",
          flexibleTimeWindow: { mode: "OFF" },
          target: {
            arn: this.fn.function.functionArn,
            roleArn: role.roleArn,
            input: digestScheduleInput(cadence),
            deadLetterConfig: { arn: this.deadLetterQueue.queue.queueArn },
            retryPolicy: {
              ...DIGEST_RETRY_POLICY,
              ...(props.retryAttempts !== undefined ? { maximumRetryAttempts: props.retryAttempts } : {}),
            },
          },
        }),
      );
    }
  }
}
