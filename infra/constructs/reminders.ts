import { Duration, Stack } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import { Construct } from "constructs";
import { ENV } from "../../lambdas/config.ts";
import { FUNCTION_ENTRIES } from "../config.ts";
import type { Alerts } from "./alerts.ts";
import { DeadLetterQueue } from "./dead-letter-queue.ts";
import { SchedulerRole } from "./scheduled-function.ts";
import { WirewatchFunction } from "./wirewatch-function.ts";

export interface RemindersProps {
  readonly table: dynamodb.ITable;
  readonly alerts: Alerts;
  /** How long before a deadline's moment the reminder goes. @default 24 */
  readonly leadHours?: number;
}

/**
 * Deadline reminders: a schedule group holding one one-time schedule per story and deadline date (created by the
 * notify function, deleted after it runs), the remind function they invoke, the role they run as (it may invoke
 * that function and nothing else, besides sending to the dead-letter queue) and that queue.
 */
export class Reminders extends Construct {
  public readonly fn: WirewatchFunction;
  public readonly group: scheduler.CfnScheduleGroup;
  public readonly deadLetterQueue: DeadLetterQueue;
  public readonly schedulerRole: iam.Role;
  private readonly leadHours: number;

  constructor(scope: Construct, id: string, props: RemindersProps) {
    super(scope, id);
    this.leadHours = props.leadHours ?? 24;
    this.group = new scheduler.CfnScheduleGroup(this, "Group", {});
    this.fn = new WirewatchFunction(this, "Handler", {
      entry: FUNCTION_ENTRIES.remind,
      description: "Sends the reminder of a story's deadline to subscribers who opted in",
      serviceName: "wirewatch-remind",
      timeout: Duration.seconds(30),
      environment: {
        [ENV.tableName]: props.table.tableName,
        [ENV.topicArn]: props.alerts.topic.topicArn,
      },
    });
    this.deadLetterQueue = new DeadLetterQueue(this, "DeadLetters", {
      purpose: "reminder invocations that still failed after their retries",
    });
    this.schedulerRole = new SchedulerRole(this, "SchedulerRole", {
      target: this.fn.function,
      deadLetterQueue: this.deadLetterQueue.queue,
      description: "EventBridge Scheduler: invokes the remind function",
    }).role;
    // GetItem for the story and the sent marker, PutItem for the marker.
    dynamodb.TableGrants.fromTable(props.table, undefined, false).actions(
      this.fn.function,
      "dynamodb:GetItem",
      "dynamodb:PutItem",
    );
    props.alerts.grantPublish(this.fn.function);
  }

  /** ARNs of the group's schedules (`schedule/<group>/*`). */
  get scheduleArnPattern(): string {
    const stack = Stack.of(this);
    return `arn:${stack.partition}:scheduler:${stack.region}:${stack.account}:schedule/${this.group.ref}/*`;
  }

  /**
   * Lets `fn` create reminder schedules: CreateSchedule in this group only, and PassRole of the scheduler role to
   * Scheduler only; and gives it the environment naming them.
   */
  grantScheduling(fn: import("aws-cdk-lib/aws-lambda").Function): void {
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ["scheduler:CreateSchedule"],
      resourceArns: [this.scheduleArnPattern],
    });
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ["iam:PassRole"],
      resourceArns: [this.schedulerRole.roleArn],
      conditions: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
    });
    fn.addEnvironment(ENV.scheduleGroup, this.group.ref);
    fn.addEnvironment(ENV.reminderTargetArn, this.fn.function.functionArn);
    fn.addEnvironment(ENV.reminderRoleArn, this.schedulerRole.roleArn);
    fn.addEnvironment(ENV.reminderDeadLetterArn, this.deadLetterQueue.queue.queueArn);
    fn.addEnvironment(ENV.reminderLeadHours, String(this.leadHours));
  }
}
