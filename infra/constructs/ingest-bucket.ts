import { Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as s3 from "aws-cdk-lib/aws-s3";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

/** Objects under this prefix are ingested. */
export const INCOMING_PREFIX = "incoming/";

export interface IngestBucketProps {
  /** The function that ingests each new object. */
  readonly handler: lambda.IFunction;
  /** Where EventBridge puts events it could not deliver to `handler`. */
  readonly deadLetterQueue: sqs.IQueue;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The bucket whose `incoming/` objects are ingested. S3 reaches the function through EventBridge, enabled on
 * the L1 bucket itself: `addEventNotification`, `S3EventSource` and the `eventBridgeEnabled` prop all create a
 * `Custom::S3BucketNotifications` resource, which the local CloudFormation cannot run.
 */
export class IngestBucket extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly accessLogsBucket: s3.Bucket;
  public readonly rule: events.Rule;

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
    this.rule.addTarget(
      new targets.LambdaFunction(props.handler, {
        deadLetterQueue: props.deadLetterQueue,
        retryAttempts: 8,
        maxEventAge: Duration.hours(6),
      }),
    );

    // Read access to the incoming objects only (not `grantRead`, whose actions are wildcards).
    iam.Grant.addToPrincipal({
      grantee: props.handler,
      actions: ["s3:GetObject"],
      resourceArns: [this.bucket.arnForObjects(`${INCOMING_PREFIX}*`)],
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
