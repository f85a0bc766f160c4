import * as z from "zod";
import type { Telemetry } from "../adapters/telemetry.ts";
import { ValidationError } from "../core/errors.ts";
import type { AlertPublisher, SentMarkers } from "../core/ports.ts";
import { buildReminder } from "../core/reminders/message.ts";
import { currentDeadline, type Story, sourceCount } from "../core/stories/story.ts";

export interface RemindDeps {
  stories: { getStory(storyId: string): Promise<Story | undefined> };
  markers: SentMarkers;
  publisher: AlertPublisher;
  telemetry: Telemetry;
  markerKey(storyId: string, date: string): { pk: string; sk: string };
}

/** The scheduled event a reminder schedule delivers (CONVENTIONS.md; see reminderInput). */
export const reminderEventSchema = z.object({
  source: z.literal("wirewatch.schedule"),
  "detail-type": z.literal("Send reminder"),
  time: z.iso.datetime({ offset: true }),
  detail: z.object({
    storyId: z.string().min(1),
    articleId: z.string().min(1),
    title: z.string().min(1),
    url: z.string().optional(),
    topics: z.array(z.string()).min(1),
    deadline: z.object({ phrase: z.string(), date: z.iso.date() }),
  }),
});

export type RemindOutcome =
  | { outcome: "sent"; storyId: string; date: string; sources: number }
  | { outcome: "skipped"; storyId: string; date: string; reason: string };

/**
 * Sends the reminder of one story's deadline to the subscribers who opted in. The story is read again for its
 * current number of sources. Idempotent per story and date (a sent marker); a deadline whose day is over is not
 * reminded (a schedule retried that late), nor one a later copy moved; a failed publish throws, so Scheduler retries and dead-letters at last.
 */
export function createRemindHandler(deps: RemindDeps) {
  const { logger } = deps.telemetry;
  return async (raw: unknown): Promise<RemindOutcome> => {
    const parsed = reminderEventSchema.safeParse(raw);
    if (!parsed.success) {
      logger.error("not a Send reminder event", { issues: parsed.error.issues.slice(0, 3) });
      throw new ValidationError(
        `not a "Send reminder" event: ${parsed.error.issues[0]?.message ?? "invalid"}`,
      );
    }
    const { time, detail } = parsed.data;
    const base = { storyId: detail.storyId, date: detail.deadline.date };
    try {
      if (Date.parse(`${detail.deadline.date}T00:00:00Z`) + 86_400_000 <= Date.parse(time)) {
        logger.info("deadline already over; no reminder", base);
        return { outcome: "skipped", ...base, reason: `the deadline ${detail.deadline.date} is over` };
      }
      const key = deps.markerKey(detail.storyId, detail.deadline.date);
      if (await deps.markers.isSent(key)) {
        logger.info("reminder already sent; skipped", base);
        return { outcome: "skipped", ...base, reason: "already sent" };
      }
      const story = await deps.stories.getStory(detail.storyId);
      // A later copy moved the deadline: its own schedule (named after the new date) reminds of that one.
      const current = story ? currentDeadline(story) : undefined;
      if (current && current.date !== detail.deadline.date) {
        logger.info("deadline moved; this reminder is superseded", { ...base, movedTo: current.date });
        return {
          outcome: "skipped",
          ...base,
          reason: `the deadline moved to ${current.date} (article ${current.articleId})`,
        };
      }
      const sources = story ? sourceCount(story) : 1;
      const topics = story ? [...new Set([...detail.topics, ...story.topics])] : detail.topics;
      const reminder = buildReminder({
        ...detail,
        topics,
        deadline: detail.deadline,
        sources,
        sentAt: new Date(time).toISOString(),
      });
      const result = await deps.publisher.publish([reminder]);
      if (result.failed.length)
        throw new Error(`reminder could not be published: ${result.failed[0]?.reason}`);
      await deps.markers.markSent(key, { articleId: detail.articleId });
      deps.telemetry.count("RemindersSent");
      logger.info("reminder sent", { ...base, sources });
      return { outcome: "sent", ...base, sources };
    } finally {
      deps.telemetry.flush();
    }
  };
}
