/** The reminder a subscriber receives before a deadline. Pure: no I/O. */
import {
  gsm7Length,
  inertJson,
  MAX_SUBJECT_LENGTH,
  plainLine,
  SUBJECT_PREFIX,
  smsBudget,
  toAscii,
  toGsm7,
  truncate,
} from "../alerts/alert.ts";
import type { Alert } from "../ports.ts";
import type { ReminderPlan } from "./plan.ts";

export interface ReminderFacts extends Omit<ReminderPlan, "name" | "at"> {
  /** Distinct sources that had carried the story when the reminder went out. */
  sources: number;
  /** When the reminder goes out (the schedule's time). */
  sentAt: string;
}

export interface ReminderPayload {
  kind: "wirewatch.reminder";
  version: 1;
  storyId: string;
  articleId: string;
  title: string;
  url: string | null;
  topics: string[];
  deadline: { phrase: string; date: string };
  sources: number;
  sentAt: string;
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const weekday = (date: string) => WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()] ?? "";

export function reminderSubject(f: ReminderFacts): string {
  const head = `${SUBJECT_PREFIX} reminder: deadline ${f.deadline.date}: `;
  return truncate(head + toAscii(plainLine(f.title)), MAX_SUBJECT_LENGTH, { ellipsis: "..." });
}

export function reminderEmail(f: ReminderFacts): string {
  const lines = [
    `Reminder: a deadline falls due on ${weekday(f.deadline.date)} ${f.deadline.date}.`,
    "",
    `Deadline: "${plainLine(f.deadline.phrase)}" (${f.deadline.date})`,
    `Story: ${plainLine(f.title)}`,
    `Topics: ${f.topics.join(", ")}`,
  ];
  if (f.sources > 1) lines.push(`Reported by: ${f.sources} sources`);
  if (f.url) lines.push(`Link: ${plainLine(f.url)}`);
  lines.push(
    "",
    "--",
    "You receive this because you asked for deadline reminders (wirewatch subscribe --reminders).",
    `Story id: ${f.storyId}`,
  );
  return lines.join("\n");
}

/** `[reminder] deadline 2026-05-31 "until the end of May": <title> | 3 sources <link>`, one GSM-7 segment. */
export function reminderSms(f: ReminderFacts, budget: number = smsBudget()): string {
  const sms = (s: string) => toGsm7(plainLine(s));
  const measure = gsm7Length;
  const head = `[reminder] deadline ${f.deadline.date} "${truncate(sms(f.deadline.phrase), 30, { ellipsis: "...", measure })}": `;
  const sources = f.sources > 1 ? ` | ${f.sources} sources` : "";
  const link = f.url ? ` ${sms(f.url)}` : "";
  // The link goes first when room is short, then the sources: the title must keep 30 units.
  const fits = (tail: string) => budget - measure(head) - measure(tail) >= 30;
  const tail = fits(sources + link) ? sources + link : fits(sources) ? sources : "";
  const room = budget - measure(head) - measure(tail);
  const text = head + truncate(sms(f.title), Math.max(room, 0), { ellipsis: "...", measure }) + tail;
  return truncate(text.trim(), budget, { ellipsis: "...", measure });
}

export function buildReminder(f: ReminderFacts): Alert {
  const payload: ReminderPayload = {
    kind: "wirewatch.reminder",
    version: 1,
    storyId: f.storyId,
    articleId: f.articleId,
    title: f.title,
    url: f.url ?? null,
    topics: f.topics,
    deadline: f.deadline,
    sources: f.sources,
    sentAt: f.sentAt,
  };
  return {
    articleId: `${f.storyId}-${f.deadline.date}`,
    kind: "reminder",
    topics: f.topics,
    subject: reminderSubject(f),
    message: { default: inertJson(payload), email: reminderEmail(f), sms: reminderSms(f) },
  };
}
