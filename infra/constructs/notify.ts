import { Duration } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as sources from "aws-cdk-lib/aws-lambda-event-sources";
import { Construct } from "constructs";
import { ENV } from "../../lambdas/config.ts";
import { NOTIFY_STREAM_FILTER } from "../../lambdas/notify/stream-filter.ts";
import { FUNCTION_ENTRIES } from "../config.ts";
import type { Alerts } from "./alerts.ts";
import { DeadLetterQueue } from "./dead-letter-queue.ts";
import { WirewatchFunction } from "./wirewatch-function.ts";

export interface NotifyProps {
  /** The articles table; its stream drives the function. */
  readonly table: dynamodb.ITable;
  /** Where alerts are published. */
  readonly alerts: Alerts;
  /** Records per invocation. @default 25 */
  readonly batchSize?: number;
  /** Attempts before a record goes to the dead-letter queue. @default 5 */
  readonly retryAttempts?: number;
}

/**
 * The notify function on the table stream: newly inserted articles only (event filter), partial batch
 * failures, bisection on error, bounded retries, and a dead-letter queue for what still fails.
 */
export class Notify extends Construct {
  public readonly fn: WirewatchFunction;
  public readonly deadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: NotifyProps) {
    super(scope, id);
    this.fn = new WirewatchFunction(this, "Handler", {
      entry: FUNCTION_ENTRIES.notify,
      description: "Publishes one alert per newly stored article",
      serviceName: "wirewatch-notify",
      timeout: Duration.seconds(30),
      environment: {
        [ENV.tableName]: props.table.tableName,
        [ENV.topicArn]: props.alerts.topic.topicArn,
      },
    });
    this.deadLetterQueue = new DeadLetterQueue(this, "DeadLetters", {
      purpose: "stream records the notify function could not process",
    });

    this.fn.function.addEventSource(
      new sources.DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: props.batchSize ?? 25,
        maxBatchingWindow: Duration.seconds(1),
        filters: [lambda.FilterCriteria.filter(NOTIFY_STREAM_FILTER)],
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: props.retryAttempts ?? 5,
        maxRecordAge: Duration.hours(24),
        onFailure: new sources.SqsDlq(this.deadLetterQueue.queue),
      }),
    );

    // Least privilege, table only (not its index): BatchGetItem for the alerted markers, UpdateItem to set one.
    dynamodb.TableGrants.fromTable(props.table, undefined, false).actions(
      this.fn.function,
      "dynamodb:BatchGetItem",
      "dynamodb:UpdateItem",
    );
    props.alerts.grantPublish(this.fn.function);
    // A later copy that adds topics is addressed to the subscriber topic sets the story had not reached.
    props.alerts.grantReadSubscriptions(this.fn.function);
  }
}
