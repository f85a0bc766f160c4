/**
 * Reminder edges beyond test/unit/reminders.test.ts: what the SMS keeps as room shrinks, and the one-hour limit
 * under which no reminder is scheduled.
 */
import { describe, expect, it } from "vitest";
import { gsm7Length } from "../../lambdas/core/alerts/alert.ts";
import { reminderSms } from "../../lambdas/core/reminders/message.ts";
import { planReminder } from "../../lambdas/core/reminders/plan.ts";
import { article, ORIGINAL } from "../support/story-texts.ts";

const facts = {
  storyId: "s".repeat(32),
  articleId: "a".repeat(32),
  title: "Valdoria orders four diplomats out",
  url: "https://news.example.org/valdoria",
  topics: ["expulsions", "deadline"],
  deadline: { phrase: "until Friday", date: "2026-03-06" },
  sources: 3,
  sentAt: "2026-03-05T09:00:00.000Z",
};
const head = '[reminder] deadline 2026-03-06 "until Friday": ';

describe("the reminder SMS", () => {
  it("carries the title, the source count and the link when they fit", () => {
    expect(reminderSms(facts)).toBe(
      `${head}Valdoria orders four diplomats out | 3 sources https://news.example.org/valdoria`,
    );
  });

  it("drops the link first, then the source count, to keep at least 30 characters of the title", () => {
    const long = { ...facts, title: "Valdoria orders four diplomats out of the country within days" };
    const noLink = reminderSms(long, 100);
    expect(noLink.startsWith(head)).toBe(true);
    expect(noLink).toMatch(/ \| 3 sources$/);
    expect(noLink).not.toContain("https://");
    const titleOnly = reminderSms(long, 80);
    expect(titleOnly).not.toContain("sources");
    expect(titleOnly).toMatch(/^\[reminder\] deadline 2026-03-06 "until Friday": Valdoria orders four/);
    expect(gsm7Length(titleOnly)).toBeLessThanOrEqual(80);
  });
});

describe("the one-hour limit", () => {
  const withDeadline = article(ORIGINAL, ["expulsions", "deadline"], {
    id: "s".repeat(32),
    deadline: { phrase: "until Friday", date: "2026-03-06" },
  });

  it("schedules nothing when the deadline (09:00 UTC) is exactly an hour away", () => {
    expect(planReminder(withDeadline, new Date("2026-03-06T08:00:00Z"))).toEqual({
      skip: "the deadline 2026-03-06 is less than an hour away",
    });
  });

  it("still reminds, in 15 minutes, a minute before that", () => {
    const d = planReminder(withDeadline, new Date("2026-03-06T07:59:00Z"));
    expect("plan" in d && d.plan.at).toBe("2026-03-06T08:14:00Z");
  });
});
