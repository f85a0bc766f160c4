import { type CfnElement, Duration, Stack, Validations } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import * as targets from "aws-cdk-lib/aws-scheduler-targets";
import { Construct } from "constructs";
import { DEFAULT_FEED_CONCURRENCY, DEFAULT_MAX_FEED_BYTES, ENV } from "../../lambdas/config.ts";
import {
  POLL_FEEDS_DETAIL_TYPE,
  POLL_FEEDS_RATE_MINUTES,
  SCHEDULE_SOURCE,
} from "../../lambdas/core/feeds/schedule.ts";
import { FUNCTION_ENTRIES } from "../config.ts";
import { DeadLetterQueue } from "./dead-letter-queue.ts";
import { WirewatchFunction } from "./wirewatch-function.ts";

export interface FeedPollerProps {
  /** The articles table: feeds, their state and seen-entry markers live in it beside the articles. */
  readonly table: dynamodb.ITable;
  /** The ingest environment (table name and limits), shared with the other ingest functions. */
  readonly ingestEnvironment: Record<string, string>;
  /** How often the poller runs; each feed is polled when it is due. @default rate(5 minutes) */
  readonly schedule?: scheduler.ScheduleExpression;
  /** Retries of a scheduled invocation that could not be delivered. @default 2 */
  readonly retryAttempts?: number;
}

/**
 * The feed poller: a function on an EventBridge Scheduler schedule (every 5 minutes) that polls the feeds that are
 * due. The schedule's role may only invoke this function and send to its dead-letter queue; an invocation the
 * scheduler cannot deliver after its retries goes to that queue. The event carries the scheduled time, so the
 * poller never reads the wall clock for "now".
 */
export class FeedPoller extends Construct {
  public readonly fn: WirewatchFunction;
  public readonly schedule: scheduler.Schedule;
  public readonly deadLetterQueue: DeadLetterQueue;
  public readonly schedulerRole: iam.Role;

  constructor(scope: Construct, id: string, props: FeedPollerProps) {
    super(scope, id);
    this.deadLetterQueue = new DeadLetterQueue(this, "DeadLetters", {
      purpose: "scheduled feed polls that could not be delivered to or run by the poller",
    });
    this.fn = new WirewatchFunction(this, "Handler", {
      entry: FUNCTION_ENTRIES.pollFeeds,
      description: "Polls the feeds that are due and ingests their new entries",
      serviceName: "wirewatch-poll-feeds",
      // Under the 5-minute rate, so runs do not overlap; each feed has its own 60 s budget.
      timeout: Duration.minutes(4),
      // Page extraction builds a DOM per page.
      memorySize: 1024,
      includeTopics: true,
      environment: {
        ...props.ingestEnvironment,
        [ENV.maxFeedBytes]: String(DEFAULT_MAX_FEED_BYTES),
        [ENV.feedConcurrency]: String(DEFAULT_FEED_CONCURRENCY),
      },
      deadLetterQueue: this.deadLetterQueue.queue,
    });
    // Table only (not its index): the ingest writes (PutItem, GetItem on a duplicate, BatchWriteItem for tag edges
    // and seen markers), Query for the feed registry, BatchGetItem for seen markers, UpdateItem for feed state.
    dynamodb.TableGrants.fromTable(props.table, undefined, false).actions(
      this.fn.function,
      "dynamodb:PutItem",
      "dynamodb:GetItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:Query",
      "dynamodb:BatchGetItem",
      "dynamodb:UpdateItem",
    );

    this.schedulerRole = new iam.Role(this, "SchedulerRole", {
      assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
      description: "EventBridge Scheduler: invoke the feed poller, dead-letter what it cannot deliver",
    });
    this.schedule = new scheduler.Schedule(this, "Schedule", {
      description: "Poll the feeds that are due",
      schedule:
        props.schedule ?? scheduler.ScheduleExpression.rate(Duration.minutes(POLL_FEEDS_RATE_MINUTES)),
      target: new targets.LambdaInvoke(this.fn.function, {
        role: this.schedulerRole,
        deadLetterQueue: this.deadLetterQueue.queue,
        retryAttempts: props.retryAttempts ?? 2,
        // A poll older than a few minutes is superseded by the next one.
        maxEventAge: Duration.minutes(10),
        input: scheduler.ScheduleTargetInput.fromObject({
          version: "0",
          source: SCHEDULE_SOURCE,
          "detail-type": POLL_FEEDS_DETAIL_TYPE,
          time: scheduler.ContextAttribute.scheduledTime,
          detail: {},
        }),
      }),
    });
    const policy = this.schedulerRole.node.tryFindChild("DefaultPolicy")?.node.defaultChild;
    if (policy) {
      const fnId = Stack.of(this).getLogicalId(this.fn.function.node.defaultChild as CfnElement);
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${fnId}.Arn>:*]`,
        reason:
          "grantInvoke covers the poller's own versions and aliases (ARN:*); no other function is invocable.",
      });
    }
  }
}
