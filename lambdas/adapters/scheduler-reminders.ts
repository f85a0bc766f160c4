import { CreateScheduleCommand, type SchedulerClient } from "@aws-sdk/client-scheduler";
import type { ReminderScheduler } from "../core/ports.ts";
import { type ReminderPlan, reminderInput } from "../core/reminders/plan.ts";
import { asUnavailable } from "./aws-errors.ts";

/** Where reminder schedules go and what they invoke. */
export interface ReminderTarget {
  /** The schedule group (so reminders can be listed and deleted together). */
  groupName: string;
  /** The remind function. */
  targetArn: string;
  /** The role EventBridge Scheduler assumes: it may invoke the target and send to the dead-letter queue, nothing else. */
  roleArn: string;
  /** Where an invocation that still fails after the retries goes. */
  deadLetterArn: string;
}

/** Retries of a reminder invocation, and how long to keep trying (a reminder later than that is no use). */
export const REMINDER_RETRY_POLICY = {
  MaximumRetryAttempts: 10,
  MaximumEventAgeInSeconds: 6 * 3600,
} as const;

/**
 * One-time EventBridge Scheduler schedules, one per story and deadline date (`at(...)`, UTC, deleted after
 * completion). The name is derived from both, so a ConflictException means the reminder is already scheduled.
 */
export class EventBridgeReminderScheduler implements ReminderScheduler {
  constructor(
    private readonly scheduler: SchedulerClient,
    private readonly target: ReminderTarget,
  ) {}

  async schedule(plan: ReminderPlan): Promise<"scheduled" | "exists"> {
    try {
      await this.scheduler.send(
        new CreateScheduleCommand({
          Name: plan.name,
          GroupName: this.target.groupName,
          Description: `wirewatch reminder: deadline ${plan.deadline.date} in story ${plan.storyId}`,
          ScheduleExpression: `at(${plan.at.slice(0, 19)})`,
          ScheduleExpressionTimezone: "UTC",
          FlexibleTimeWindow: { Mode: "OFF" },
          ActionAfterCompletion: "DELETE",
          Target: {
            Arn: this.target.targetArn,
            RoleArn: this.target.roleArn,
            Input: reminderInput(plan),
            DeadLetterConfig: { Arn: this.target.deadLetterArn },
            RetryPolicy: { ...REMINDER_RETRY_POLICY },
          },
        }),
      );
      return "scheduled";
    } catch (error) {
      if (error instanceof Error && error.name === "ConflictException") return "exists";
      return asUnavailable(error, "EventBridge Scheduler");
    }
  }
}
