import { Duration, Validations } from "aws-cdk-lib";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

export interface DeadLetterQueueProps {
  /** What ends up here, for the console and the nag acknowledgement. */
  readonly purpose: string;
  /** @default Duration.days(14), the SQS maximum, so an outage over a long weekend loses nothing */
  readonly retentionPeriod?: Duration;
}

/** An encrypted (SSE-SQS), TLS-only queue that holds what could not be processed, for `wirewatch redrive`. */
export class DeadLetterQueue extends Construct {
  public readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    // SSE-SQS rather than a KMS key: Lambda's on-failure destination and EventBridge's DLQ both write here,
    // and neither then needs a key policy; the queue holds record metadata and events, not secrets.
    this.queue = new sqs.Queue(this, "Queue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: props.retentionPeriod ?? Duration.days(14),
    });
    Validations.of(this.queue.node.defaultChild as sqs.CfnQueue).acknowledge({
      id: "AwsSolutions-SQS3",
      reason: `This queue is itself a dead-letter queue (${props.purpose}); nothing sits behind it.`,
    });
  }
}
