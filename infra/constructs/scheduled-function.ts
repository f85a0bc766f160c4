import { Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

export interface SchedulerRoleProps {
  /** The one function the schedules invoke. */
  readonly target: lambda.IFunction;
  /** Where an invocation that still fails after the retries is sent. */
  readonly deadLetterQueue: sqs.IQueue;
  readonly description: string;
}

/**
 * The role EventBridge Scheduler assumes for a set of schedules: it may invoke exactly its target function (the
 * function's ARN, not its versions or aliases) and send to the schedules' dead-letter queue (Scheduler sends
 * dead letters with the execution role), nothing else; only Scheduler in this account may assume it.
 */
export class SchedulerRole extends Construct {
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: SchedulerRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
      description: props.description,
    });
    iam.Grant.addToPrincipal({
      grantee: this.role,
      actions: ["lambda:InvokeFunction"],
      resourceArns: [props.target.functionArn],
    });
    iam.Grant.addToPrincipal({
      grantee: this.role,
      actions: ["sqs:SendMessage"],
      resourceArns: [props.deadLetterQueue.queueArn],
    });
  }
}
