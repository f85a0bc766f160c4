import { Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as sources from "aws-cdk-lib/aws-lambda-event-sources";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

/** Objects under this prefix are ingested. */
export const INCOMING_PREFIX = "incoming/";

export interface IngestBucketProps {
  /** The function that ingests each new object, driven by the ingest queue. */
  readonly handler: lambda.IFunction;
  /** The handler's timeout: the queue's visibility timeout is six times it. */
  readonly handlerTimeout: Duration;
  /**
   * Where events end up that EventBridge could not deliver to the queue, or that the handler failed on
   * `maxReceiveCount` times (the queue's redrive policy). `wirewatch redrive --ingest` sends them back through.
   */
  readonly deadLetterQueue: sqs.IQueue;
  /** Receives of a message before it moves to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
  /** Events per invocation. @default 10 */
  readonly batchSize?: number;
  /** Concurrent invocations the queue may drive (smooths a bulk drop). @default 2 */
  readonly maxConcurrency?: number;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The bucket whose `incoming/` objects are ingested. S3 announces new objects to EventBridge, enabled on the L1
 * bucket itself (`addEventNotification`, `S3EventSource` and the `eventBridgeEnabled` prop all create a
 * `Custom::S3BucketNotifications` resource, which the local CloudFormation cannot run); a rule puts each event on
 * an SQS queue, which drives the function.
 *
 * Why a queue and not the function as the rule's target: EventBridge invokes Lambda asynchronously, so the
 * rule's retry policy covers only delivery, and a function error gets Lambda's two asynchronous retries within
 * minutes (docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html). With the queue, a failed
 * object is retried `maxReceiveCount` times, each after the visibility timeout, reported per message
 * (ReportBatchItemFailures), then kept in the dead-letter queue for `wirewatch redrive`; a bulk drop waits in the
 * queue instead of fanning out to as many concurrent invocations as there are objects.
 */
export class IngestBucket extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly accessLogsBucket: s3.Bucket;
  public readonly rule: events.Rule;
  /** The queue between the rule and the function. */
  public readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: IngestBucketProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    // Grant log delivery through a bucket policy, not the legacy LogDeliveryWrite ACL (ACLs stay disabled).
    this.node.setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);

    // Server access logs need SSE-S3 on the target bucket (SSE-KMS is not supported there).
    this.accessLogsBucket = new s3.Bucket(this, "AccessLogs", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy,
    });
    Validations.of(this.accessLogsBucket.node.defaultChild as s3.CfnBucket).acknowledge({
      id: "AwsSolutions-S1",
      reason: "This is the access-log bucket of the ingest bucket; logging it into itself would loop.",
    });

    this.bucket = new s3.Bucket(this, "Bucket", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: "ingest/",
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy,
    });
    (this.bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };

    this.rule = new events.Rule(this, "ObjectCreated", {
      description: `New objects under ${INCOMING_PREFIX} in the ingest bucket`,
      eventPattern: {
        source: ["aws.s3"],
        detailType: ["Object Created"],
        detail: {
          bucket: { name: [this.bucket.bucketName] },
          object: { key: events.Match.prefix(INCOMING_PREFIX) },
        },
      },
    });
    this.queue = new sqs.Queue(this, "Queue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(4),
      // AWS: "set the source queue's visibility timeout to at least six times the timeout that you configure on
      // your function" (docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html), so a message is not
      // handed out again while a slow or throttled invocation still holds it.
      visibilityTimeout: Duration.seconds(props.handlerTimeout.toSeconds() * 6),
      // At least 5, as the same page advises, so throttled receives do not dead-letter a good object.
      deadLetterQueue: { queue: props.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
    // The target's own retry policy and DLQ cover delivery to the queue (e.g. while it is unavailable).
    this.rule.addTarget(
      new targets.SqsQueue(this.queue, {
        deadLetterQueue: props.deadLetterQueue,
        retryAttempts: 8,
        maxEventAge: Duration.hours(6),
      }),
    );
    props.handler.addEventSource(
      new sources.SqsEventSource(this.queue, {
        batchSize: props.batchSize ?? 10,
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency ?? 2,
      }),
    );

    // Read access to the incoming objects only (not `grantRead`, whose actions are wildcards).
    iam.Grant.addToPrincipal({
      grantee: props.handler,
      actions: ["s3:GetObject"],
      resourceArns: [this.bucket.arnForObjects(`${INCOMING_PREFIX}*`)],
    });
    // Without s3:ListBucket, S3 answers a GetObject of a key that does not exist with 403 AccessDenied instead of
    // 404 NoSuchKey (GetObject API reference, "Permissions"), so a deleted object would fail as if access were
    // denied and the URL-decoded retry of an EventBridge key would never run. No s3:prefix condition: AWS does not
    // document that the list check S3 makes for a missing key carries the key as s3:prefix, and if it does not,
    // a condition would bring the 403 back. Listing reveals only key names of a bucket this pipeline owns.
    iam.Grant.addToPrincipal({
      grantee: props.handler,
      actions: ["s3:ListBucket"],
      resourceArns: [this.bucket.bucketArn],
    });
    const policy = props.handler.role?.node.tryFindChild("DefaultPolicy")?.node.defaultChild;
    if (policy) {
      const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${INCOMING_PREFIX}*]`,
        reason: `Objects are read by key under ${INCOMING_PREFIX}; the key prefix is the narrowest scope S3 offers.`,
      });
    }
  }
}
