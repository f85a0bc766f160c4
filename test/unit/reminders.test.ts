import { ConflictException, CreateScheduleCommand, SchedulerClient } from "@aws-sdk/client-scheduler";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { EventBridgeReminderScheduler } from "../../lambdas/adapters/scheduler-reminders.ts";
import { gsm7Length, smsBudget } from "../../lambdas/core/alerts/alert.ts";
import { UnavailableError } from "../../lambdas/core/errors.ts";
import { buildReminder } from "../../lambdas/core/reminders/message.ts";
import { planReminder, reminderInput, reminderName } from "../../lambdas/core/reminders/plan.ts";
import { article, ORIGINAL } from "../support/story-texts.ts";

const withDeadline = (date: string, phrase = "until Friday") =>
  article(ORIGINAL, ["expulsions", "deadline"], { id: "s".repeat(32), deadline: { phrase, date } });
const at = (iso: string) => new Date(iso);

describe("planReminder", () => {
  it("schedules the reminder 24 h before the deadline's moment (09:00 UTC on its date)", () => {
    const d = planReminder(withDeadline("2026-03-06"), at("2026-03-03T10:00:00Z"));
    expect(d).toEqual({
      plan: expect.objectContaining({
        name: `wirewatch-${"s".repeat(32)}-20260306`,
        at: "2026-03-05T09:00:00Z",
        storyId: "s".repeat(32),
        deadline: { phrase: "until Friday", date: "2026-03-06" },
        topics: ["expulsions", "deadline"],
      }),
    });
  });

  it("names the schedule after the story, not the article, so a second copy finds it taken", () => {
    const copy = { ...withDeadline("2026-03-06"), id: "c".repeat(32) };
    copy.story = { storyId: "s".repeat(32), outcome: "joined", newTopics: [], copies: 2, sources: 2 };
    const d = planReminder(copy, at("2026-03-03T10:00:00Z"));
    expect("plan" in d && d.plan.name).toBe(reminderName("s".repeat(32), "2026-03-06"));
    expect("plan" in d && d.plan.articleId).toBe("c".repeat(32));
  });

  it("honours another lead time", () => {
    const d = planReminder(withDeadline("2026-03-06"), at("2026-03-03T10:00:00Z"), 48);
    expect("plan" in d && d.plan.at).toBe("2026-03-04T09:00:00Z");
  });

  it("reminds in 15 minutes when the lead time has passed but the deadline is more than an hour away", () => {
    const d = planReminder(withDeadline("2026-03-06"), at("2026-03-05T20:07:30Z"));
    expect("plan" in d && d.plan.at).toBe("2026-03-05T20:23:00Z");
  });

  it("sends no reminder for a date already past, too close, or without a calendar date", () => {
    expect(planReminder(withDeadline("2026-03-02"), at("2026-03-03T10:00:00Z"))).toEqual({
      skip: "the deadline 2026-03-02 has passed",
    });
    expect(planReminder(withDeadline("2026-03-06"), at("2026-03-06T08:30:00Z"))).toEqual({
      skip: "the deadline 2026-03-06 is less than an hour away",
    });
    const noDate = article(ORIGINAL, ["deadline"]);
    noDate.tags[0] = {
      ...(noDate.tags[0] as (typeof noDate.tags)[0]),
      deadline: { phrase: "soon", date: null },
    };
    expect(planReminder(noDate, at("2026-03-03T10:00:00Z"))).toEqual({
      skip: 'the deadline "soon" has no calendar date',
    });
    expect(planReminder(article(ORIGINAL, ["expulsions"]), at("2026-03-03T10:00:00Z"))).toEqual({
      skip: "no deadline",
    });
  });

  it("gives the schedule the scheduled event of CONVENTIONS.md, with time from Scheduler", () => {
    const d = planReminder(withDeadline("2026-03-06"), at("2026-03-03T10:00:00Z"));
    if (!("plan" in d)) throw new Error("no plan");
    expect(JSON.parse(reminderInput(d.plan))).toEqual({
      version: "0",
      source: "wirewatch.schedule",
      "detail-type": "Send reminder",
      time: "<aws.scheduler.scheduled-time>",
      detail: {
        storyId: "s".repeat(32),
        articleId: "s".repeat(32),
        title: ORIGINAL.title,
        url: `https://news.example.org/${"s".repeat(32)}`,
        topics: ["expulsions", "deadline"],
        deadline: { phrase: "until Friday", date: "2026-03-06" },
      },
    });
  });
});

describe("the reminder message", () => {
  const facts = {
    storyId: "s".repeat(32),
    articleId: "a".repeat(32),
    title: ORIGINAL.title,
    url: "https://news.example.org/valdoria",
    topics: ["expulsions", "deadline"],
    deadline: { phrase: "until Friday", date: "2026-03-06" },
    sources: 3,
    sentAt: "2026-03-05T09:00:00.000Z",
  };

  it("names the deadline phrase, its date, the article and the number of sources", () => {
    const r = buildReminder(facts);
    expect(r.kind).toBe("reminder");
    expect(r.subject).toMatch(/^\[wirewatch\] reminder: deadline 2026-03-06: Valdoria expels four .*\.\.\.$/);
    expect(r.subject.length).toBeLessThan(100);
    expect(r.message.email).toContain('Deadline: "until Friday" (2026-03-06)');
    expect(r.message.email).toContain("falls due on Friday 2026-03-06");
    expect(r.message.email).toContain(`Story: ${ORIGINAL.title}`);
    expect(r.message.email).toContain("Reported by: 3 sources");
    expect(r.message.email).toContain("Link: https://news.example.org/valdoria");
    expect(r.message.sms).toMatch(
      /^\[reminder\] deadline 2026-03-06 "until Friday": Valdoria .* \| 3 sources/,
    );
    expect(gsm7Length(r.message.sms)).toBeLessThanOrEqual(smsBudget());
    expect(JSON.parse(r.message.default)).toMatchObject({ kind: "wirewatch.reminder", sources: 3 });
  });

  it("says nothing about sources when one outlet carried the story", () => {
    const r = buildReminder({ ...facts, sources: 1 });
    expect(r.message.email).not.toContain("sources");
    expect(r.message.sms).not.toContain("sources");
  });
});

describe("EventBridgeReminderScheduler", () => {
  const target = {
    groupName: "wirewatch-reminders",
    targetArn: "arn:aws:lambda:us-east-1:123456789012:function:remind",
    roleArn: "arn:aws:iam::123456789012:role/reminders",
    deadLetterArn: "arn:aws:sqs:us-east-1:123456789012:reminders-dlq",
  };
  const plan = (() => {
    const d = planReminder(withDeadline("2026-03-06"), at("2026-03-03T10:00:00Z"));
    if (!("plan" in d)) throw new Error("no plan");
    return d.plan;
  })();

  it("creates a one-time schedule in the group, deleted after it runs, with a DLQ and a retry policy", async () => {
    const client = new SchedulerClient({
      region: "us-east-1",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
    });
    const mock = mockClient(client);
    mock.on(CreateScheduleCommand).resolves({ ScheduleArn: "arn:x" });
    expect(await new EventBridgeReminderScheduler(client, target).schedule(plan)).toBe("scheduled");
    const input = mock.commandCalls(CreateScheduleCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      Name: plan.name,
      GroupName: "wirewatch-reminders",
      ScheduleExpression: "at(2026-03-05T09:00:00)",
      ScheduleExpressionTimezone: "UTC",
      FlexibleTimeWindow: { Mode: "OFF" },
      ActionAfterCompletion: "DELETE",
      Target: {
        Arn: target.targetArn,
        RoleArn: target.roleArn,
        DeadLetterConfig: { Arn: target.deadLetterArn },
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 21600 },
        Input: reminderInput(plan),
      },
    });
  });

  it("reads a ConflictException as already scheduled, and a throttle as unavailable", async () => {
    const client = new SchedulerClient({
      region: "us-east-1",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
    });
    const mock = mockClient(client);
    mock
      .on(CreateScheduleCommand)
      .rejectsOnce(new ConflictException({ message: "exists", Message: "exists", $metadata: {} }))
      .rejectsOnce(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
    const scheduler = new EventBridgeReminderScheduler(client, target);
    expect(await scheduler.schedule(plan)).toBe("exists");
    await expect(scheduler.schedule(plan)).rejects.toBeInstanceOf(UnavailableError);
  });
});
