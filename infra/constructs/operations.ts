import { Duration, Stack } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as sns from "aws-cdk-lib/aws-sns";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

export interface OperationsProps {
  /** Functions alarmed on Errors and Throttles, by a stable name used in construct ids. */
  readonly functions: Record<string, lambda.IFunction>;
  /** Dead-letter queues alarmed on any visible message, by a stable name. */
  readonly deadLetterQueues: Record<string, sqs.IQueue>;
  /**
   * Work queues alarmed when their oldest message waits longer than `maxAge`: a backlog means the consumer is
   * failing, throttled or too slow, long before anything reaches a dead-letter queue.
   * @default - none
   */
  readonly workQueues?: Record<string, { readonly queue: sqs.IQueue; readonly maxAge: Duration }>;
  /** Key that encrypts the ops topic; CloudWatch is allowed to use it. */
  readonly key: kms.IKey;
  /**
   * Operator e-mail subscribed to the ops topic (every alarm, no filter).
   * @default - no subscription; subscribe after deploy
   */
  readonly email?: string;
}

/**
 * Alarms on what needs a person: anything in a dead-letter queue, a work queue's backlog, function errors, throttles. They notify an
 * ops topic (separate from the alerts topic, whose subscribers are readers, not operators); subscribe to it
 * after deploy. An alarm without an action would only be seen by someone already looking.
 */
export class Operations extends Construct {
  public readonly topic: sns.Topic;
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, "Topic", {
      displayName: "wirewatch operations",
      masterKey: props.key,
      enforceSSL: true,
    });
    // CloudWatch publishes alarm notifications to the encrypted topic, so it needs the key's data key.
    props.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowCloudWatchAlarmsToUseTheKey",
        principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: ["*"],
      }),
    );
    if (props.email) {
      new sns.Subscription(this, "EmailSubscription", {
        topic: this.topic,
        protocol: sns.SubscriptionProtocol.EMAIL,
        endpoint: props.email,
      });
    }
    const action = new actions.SnsAction(this.topic);

    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${name}Errors`, fn.metricErrors({ period: Duration.minutes(5), statistic: "Sum" }), {
        description: `${name}: invocations failed`,
        action,
      });
      this.add(`${name}Throttles`, fn.metricThrottles({ period: Duration.minutes(5), statistic: "Sum" }), {
        description: `${name}: invocations throttled`,
        action,
      });
    }
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.add(
        `${name}Depth`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: "Maximum" }),
        { description: `${name}: messages waiting in the dead-letter queue`, action },
      );
    }
    for (const [name, { queue, maxAge }] of Object.entries(props.workQueues ?? {})) {
      this.add(
        `${name}Backlog`,
        queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: "Maximum" }),
        {
          description: `${name}: the oldest message has waited more than ${maxAge.toSeconds()} s`,
          action,
          threshold: maxAge.toSeconds(),
        },
      );
    }

    // A topic policy replaces SNS's default policy (which lets the owner account publish), and enforceSSL above
    // creates one holding only the TLS deny: without this statement CloudWatch cannot publish alarm notifications.
    // The conditions stop a confused deputy: only this account's alarms, and only these ones, may publish
    // (docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html, "aws:SourceAccount and aws:SourceArn").
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowThisStacksAlarmsToPublish",
        principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["sns:Publish"],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { "aws:SourceAccount": Stack.of(this).account },
          ArnEquals: { "aws:SourceArn": this.alarms.map((a) => a.alarmArn) },
        },
      }),
    );
  }

  private add(
    id: string,
    metric: cloudwatch.IMetric,
    opts: { description: string; action: cloudwatch.IAlarmAction; threshold?: number },
  ) {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      alarmDescription: opts.description,
      threshold: opts.threshold ?? 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(opts.action);
    this.alarms.push(alarm);
  }
}
