/**
 * When to remind readers of a deadline. Pure: no I/O.
 *
 * A deadline resolves to a calendar date without a time of day, so its moment is taken as 09:00 UTC on that date
 * (the morning it falls due). The reminder goes `leadHours` before that (by default 24 h: 09:00 UTC the day
 * before). When that time has already passed but the deadline is more than an hour away, the reminder goes in
 * 15 minutes (a digest reader may not have seen the story yet); closer than that, or for a date already past,
 * there is no reminder.
 */
import { alertDeadline } from "../alerts/alert.ts";
import type { DeadlineInfo, TaggedArticle } from "../article.ts";

export const DEFAULT_REMINDER_LEAD_HOURS = 24;
const DUE_HOUR_UTC = 9;
const SOON_MS = 15 * 60_000;
const TOO_CLOSE_MS = 60 * 60_000;

export interface ReminderPlan {
  /** The schedule name: one per story and deadline date, so a second copy cannot schedule a second reminder. */
  name: string;
  /** When the reminder goes out (ISO 8601, UTC, whole minutes). */
  at: string;
  storyId: string;
  articleId: string;
  title: string;
  url?: string;
  topics: string[];
  deadline: { phrase: string; date: string };
}

export type ReminderDecision = { plan: ReminderPlan } | { skip: string };

/** The moment a deadline date falls due (09:00 UTC on the day). */
export function dueMoment(date: string): number {
  return Date.parse(`${date}T${String(DUE_HOUR_UTC).padStart(2, "0")}:00:00Z`);
}

/** Schedule names allow [0-9a-zA-Z-_.], at most 64 characters. */
export function reminderName(storyId: string, date: string): string {
  return `wirewatch-${storyId.replace(/[^0-9a-zA-Z_.-]/g, "_").slice(0, 40)}-${date.replace(/-/g, "")}`;
}

const minute = (ms: number) =>
  new Date(Math.ceil(ms / 60_000) * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");

export function planReminder(
  article: TaggedArticle,
  now: Date,
  leadHours: number = DEFAULT_REMINDER_LEAD_HOURS,
): ReminderDecision {
  const deadline: DeadlineInfo | null = alertDeadline(article);
  if (!deadline) return { skip: "no deadline" };
  if (!deadline.date || !/^\d{4}-\d{2}-\d{2}$/.test(deadline.date))
    return { skip: `the deadline "${deadline.phrase}" has no calendar date` };
  const due = dueMoment(deadline.date);
  const t = now.getTime();
  if (deadline.date < now.toISOString().slice(0, 10) || due <= t)
    return { skip: `the deadline ${deadline.date} has passed` };
  let at = due - leadHours * 3600_000;
  if (at < t + 60_000) {
    if (due - t <= TOO_CLOSE_MS) return { skip: `the deadline ${deadline.date} is less than an hour away` };
    at = t + SOON_MS;
  }
  const storyId = article.story?.storyId ?? article.id;
  return {
    plan: {
      name: reminderName(storyId, deadline.date),
      at: minute(at),
      storyId,
      articleId: article.id,
      title: article.title,
      ...(article.url ? { url: article.url } : {}),
      topics: [...new Set(article.tags.map((t) => t.topic))],
      deadline: { phrase: deadline.phrase, date: deadline.date },
    },
  };
}

/** The EventBridge-shaped event a reminder schedule delivers (CONVENTIONS.md: scheduled events). */
export interface ReminderEvent {
  version: "0";
  source: "wirewatch.schedule";
  "detail-type": "Send reminder";
  time: string;
  detail: Omit<ReminderPlan, "name" | "at">;
}

/** The schedule's Input: `time` is filled in by EventBridge Scheduler from the context attribute. */
export function reminderInput(plan: ReminderPlan): string {
  const { name: _name, at: _at, ...detail } = plan;
  return JSON.stringify({
    version: "0",
    source: "wirewatch.schedule",
    "detail-type": "Send reminder",
    time: "<aws.scheduler.scheduled-time>",
    detail,
  });
}
