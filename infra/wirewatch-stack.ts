import {
  CfnOutput,
  DefaultStackSynthesizer,
  Duration,
  Stack,
  type StackProps,
  Validations,
} from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type { Construct } from "constructs";
import { DEFAULT_LIMITS, ENV } from "../lambdas/config.ts";
import { buildFilterPolicy } from "../lambdas/core/alerts/filter-policy.ts";
import { definedTopics, FUNCTION_ENTRIES, readContext, TOPICS_DIR, type WirewatchContext } from "./config.ts";
import { Alerts } from "./constructs/alerts.ts";
import { ArticlesTable } from "./constructs/articles-table.ts";
import { Dashboard } from "./constructs/dashboard.ts";
import { DeadLetterQueue } from "./constructs/dead-letter-queue.ts";
import { Digests } from "./constructs/digests.ts";
import { FeedPoller } from "./constructs/feed-poller.ts";
import { IngestApi } from "./constructs/ingest-api.ts";
import { IngestBucket } from "./constructs/ingest-bucket.ts";
import { Notify } from "./constructs/notify.ts";
import { Operations } from "./constructs/operations.ts";
import { Reminders } from "./constructs/reminders.ts";
import { WirewatchFunction } from "./constructs/wirewatch-function.ts";

export interface WirewatchStackProps extends StackProps {
  /** @default - read from the app context (`-c alertEmail=... -c apiAuth=...`) */
  readonly context?: WirewatchContext;
  /** Where topic definitions are read to validate `alertTopics`. @default the repository's `topics/` */
  readonly topicsDir?: string;
}

/** The whole pipeline: ingest (API and bucket), store, stream, alert, and the alarms around them. */
export class WirewatchStack extends Stack {
  constructor(scope: Construct, id: string, props: WirewatchStackProps = {}) {
    const context = props.context ?? readContext(scope.node);
    super(scope, id, {
      description: "wirewatch: ingest articles, tag them by topic, store them once, alert subscribers",
      // moto's CloudFormation fails stack updates on the bootstrap version rule; nothing else differs locally.
      ...(context.target === "local"
        ? { synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }) }
        : {}),
      ...props,
    });

    // Validated before anything is built, so a typo fails synth with the list of valid topics.
    const filterPolicy =
      context.alertTopics.length > 0
        ? buildFilterPolicy(context.alertTopics, definedTopics(props.topicsDir ?? TOPICS_DIR))
        : undefined;

    const { table } = new ArticlesTable(this, "Articles");
    const alerts = new Alerts(this, "Alerts", {
      email: context.alertEmail,
      sms: context.alertSms,
      filterPolicy,
    });

    const ingestEnvironment = {
      [ENV.tableName]: table.tableName,
      [ENV.maxBodyBytes]: String(DEFAULT_LIMITS.maxBodyBytes),
      [ENV.maxBatchItems]: String(DEFAULT_LIMITS.maxBatchItems),
      [ENV.maxHtmlBytes]: String(DEFAULT_LIMITS.maxHtmlBytes),
      [ENV.maxTextChars]: String(DEFAULT_LIMITS.maxTextChars),
    };
    // The ingest write path: a conditional PutItem, GetItem on a duplicate, BatchWriteItem for the tag edges;
    // for stories, Query of the LSH buckets (base table), BatchGetItem of candidate stories, UpdateItem to join one.
    const ingestActions = [
      "dynamodb:PutItem",
      "dynamodb:GetItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:Query",
      "dynamodb:BatchGetItem",
      "dynamodb:UpdateItem",
    ];
    const tableOnly = dynamodb.TableGrants.fromTable(table, undefined, false);

    const ingestApiFn = new WirewatchFunction(this, "IngestApiHandler", {
      entry: FUNCTION_ENTRIES.ingestApi,
      description: "Ingests articles posted to POST /articles",
      serviceName: "wirewatch-ingest-api",
      // API Gateway gives up after 29 s; answer well before that.
      timeout: Duration.seconds(10),
      includeTopics: true,
      environment: ingestEnvironment,
    });
    tableOnly.actions(ingestApiFn.function, ...ingestActions);
    const api = new IngestApi(this, "IngestApi", {
      handler: ingestApiFn.function,
      auth: context.apiAuth,
      createAccountLogRole: context.apiLogRole === "stack",
    });

    const ingestDeadLetters = new DeadLetterQueue(this, "IngestDeadLetters", {
      purpose:
        "S3 object events that could not be delivered to the ingest queue, or that ingest-s3 failed on 5 times",
    });
    const ingestS3Timeout = Duration.seconds(60);
    const ingestS3Fn = new WirewatchFunction(this, "IngestS3Handler", {
      entry: FUNCTION_ENTRIES.ingestS3,
      description: "Ingests objects created under incoming/ in the ingest bucket",
      serviceName: "wirewatch-ingest-s3",
      timeout: ingestS3Timeout,
      includeTopics: true,
      environment: ingestEnvironment,
      // Driven by the ingest queue (see IngestBucket): retries and the dead-letter queue are the queue's.
    });
    tableOnly.actions(ingestS3Fn.function, ...ingestActions);
    const bucket = new IngestBucket(this, "IngestBucket", {
      handler: ingestS3Fn.function,
      handlerTimeout: ingestS3Timeout,
      deadLetterQueue: ingestDeadLetters.queue,
    });

    const notify = new Notify(this, "Notify", { table, alerts });
    const reminders = new Reminders(this, "Reminders", { table, alerts });
    reminders.grantScheduling(notify.fn.function);
    const digests = new Digests(this, "Digests", { table, alerts });

    const feedPoller = new FeedPoller(this, "FeedPoller", { table, ingestEnvironment });

    new Operations(this, "Operations", {
      key: alerts.key,
      email: context.opsEmail,
      functions: {
        IngestApi: ingestApiFn.function,
        IngestS3: ingestS3Fn.function,
        Notify: notify.fn.function,
        Digest: digests.fn.function,
        Remind: reminders.fn.function,
        PollFeeds: feedPoller.fn.function,
      },
      deadLetterQueues: {
        NotifyDeadLetters: notify.deadLetterQueue.queue,
        IngestDeadLetters: ingestDeadLetters.queue,
        DigestDeadLetters: digests.deadLetterQueue.queue,
        ReminderDeadLetters: reminders.deadLetterQueue.queue,
        FeedPollerDeadLetters: feedPoller.deadLetterQueue.queue,
      },
      // ingest-s3 takes seconds per object; a message 15 minutes old means objects are piling up (the function
      // fails or is throttled at its maximum concurrency), well before 5 failed receives move it to the DLQ.
      workQueues: { IngestQueue: { queue: bucket.queue, maxAge: Duration.minutes(15) } },
    });

    // Every function of the stack gets its row on the dashboard by itself (see Dashboard).
    const dashboard = new Dashboard(this, "Dashboard", {
      topics: definedTopics(props.topicsDir ?? TOPICS_DIR),
      deadLetterQueues: {
        NotifyDeadLetters: notify.deadLetterQueue.queue,
        IngestDeadLetters: ingestDeadLetters.queue,
        FeedPollerDeadLetters: feedPoller.deadLetterQueue.queue,
      },
      workQueues: { IngestQueue: bucket.queue },
    });

    acknowledgeResourceWildcard(ingestApiFn, XRAY_REASON);
    acknowledgeResourceWildcard(ingestS3Fn, XRAY_REASON);
    acknowledgeResourceWildcard(feedPoller.fn, XRAY_REASON);
    acknowledgeResourceWildcard(
      notify.fn,
      `${XRAY_REASON} dynamodb:ListStreams (granted by the stream event source) is account-level and has no resource. ${SUBSCRIPTIONS_REASON}`,
    );
    acknowledgeResourceWildcard(digests.fn, `${XRAY_REASON} ${SUBSCRIPTIONS_REASON}`);
    acknowledgeResourceWildcard(reminders.fn, XRAY_REASON);
    acknowledgeScheduleWildcard(notify.fn, reminders);

    // Stable logical ids: the CLI reads these outputs by name.
    new CfnOutput(this, "ApiEndpoint", { value: api.articlesUrl, description: "POST articles here" });
    new CfnOutput(this, "IngestBucketName", {
      value: bucket.bucket.bucketName,
      description: "Put objects under incoming/",
    });
    new CfnOutput(this, "AlertsTopicArn", { value: alerts.topic.topicArn });
    new CfnOutput(this, "ArticlesTableName", { value: table.tableName });
    new CfnOutput(this, "DeadLetterQueueUrl", {
      value: notify.deadLetterQueue.queue.queueUrl,
      description: "Stream records the notify function gave up on",
    });
    new CfnOutput(this, "IngestDeadLetterQueueUrl", {
      value: ingestDeadLetters.queue.queueUrl,
      description: "S3 object events ingest-s3 gave up on (wirewatch redrive --ingest)",
    });
    new CfnOutput(this, "IngestQueueUrl", { value: bucket.queue.queueUrl });
    new CfnOutput(this, "DashboardUrl", {
      value: dashboard.url,
      description: "CloudWatch dashboard: ingest by source, tags, alerts, queues, each function's health",
    });
    new CfnOutput(this, "FeedPollerDeadLetterQueueUrl", { value: feedPoller.deadLetterQueue.queue.queueUrl });
    if (api.apiKey) new CfnOutput(this, "ApiKeyId", { value: api.apiKey.keyId });
    if (api.apiKeyValueCommand)
      new CfnOutput(this, "ApiKeyValueCommand", {
        value: api.apiKeyValueCommand,
        description: "Prints the API key a feeder sends in the x-api-key header",
      });
  }
}

const XRAY_REASON = "X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions.";
const SUBSCRIPTIONS_REASON =
  "sns:GetSubscriptionAttributes has no resource type (SNS defines none for subscriptions).";

/**
 * Acknowledges the one resource pattern of the notify policy, `schedule/<reminder group>/*`: reminder schedules
 * are created at run time, one per story and deadline, so their names are known only then; the pattern is
 * confined to the reminders' own schedule group.
 */
function acknowledgeScheduleWildcard(fn: WirewatchFunction, reminders: Reminders): void {
  const policy = fn.role.node.tryFindChild("DefaultPolicy")?.node.defaultChild;
  if (!policy) return;
  const group = Stack.of(reminders).resolve(reminders.group.ref) as { Ref: string };
  Validations.of(policy).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/<${group.Ref}>/*]`,
    reason:
      "Reminder schedules are named at run time (story id and deadline date); only their own group is allowed.",
  });
}

/** Acknowledges `Resource::*` on the one function policy it concerns, with the reason the service requires it. */
function acknowledgeResourceWildcard(fn: WirewatchFunction, reason: string): void {
  const policy = fn.role.node.tryFindChild("DefaultPolicy")?.node.defaultChild;
  if (policy) Validations.of(policy).acknowledge({ id: "AwsSolutions-IAM5[Resource::*]", reason });
}
