import type { Telemetry } from "../adapters/telemetry.ts";
import { describePolicy, digestGroup, parseDigestGroup } from "../core/alerts/filter-policy.ts";
import type { TaggedArticle } from "../core/article.ts";
import { buildDigest, digestPeriod, PERIOD_MS, selectDigestEntries } from "../core/digests/digest.ts";
import { ValidationError } from "../core/errors.ts";
import type { AlertPublisher, SentMarkers, SubscriptionDirectory } from "../core/ports.ts";
import * as z from "../core/schema.ts";
import type { StoryIndex } from "../core/stories/story.ts";

export interface DigestDeps {
  subscriptions: SubscriptionDirectory;
  articles: { listByTopic(topic: string, from: string, to: string): Promise<TaggedArticle[]> };
  stories: Pick<StoryIndex, "getStories">;
  markers: SentMarkers;
  publisher: AlertPublisher;
  telemetry: Telemetry;
  /** Marker keys (table-schema.ts). */
  markerKey(cadence: string, periodEnd: string, group: string): { pk: string; sk: string };
}

/** The scheduled event (CONVENTIONS.md): `time` is the schedule's time and the end of the period. */
export const digestEventSchema = z.object({
  source: z.literal("wirewatch.schedule"),
  "detail-type": z.literal("Send digest"),
  time: z.iso.datetime({ offset: true }),
  detail: z.object({ cadence: z.enum(["daily", "weekly"]) }),
});

export interface DigestOutcome {
  group: string;
  outcome: "sent" | "empty" | "already-sent";
  stories: number;
}

/**
 * Sends one digest per group of digest subscribers (same cadence, same topic set) for the period ending at the
 * event's time: each story once, nothing for an empty period. A group already sent for this period (a retried
 * schedule) is skipped; a failed publish throws, so EventBridge Scheduler retries and dead-letters at last.
 */
export function createDigestHandler(deps: DigestDeps) {
  const { logger } = deps.telemetry;
  return async (
    raw: unknown,
  ): Promise<{ period: { from: string; to: string }; digests: DigestOutcome[] }> => {
    const parsed = digestEventSchema.safeParse(raw);
    if (!parsed.success) {
      logger.error("not a Send digest event", { issues: parsed.error.issues.slice(0, 3) });
      throw new ValidationError(`not a "Send digest" event: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    }
    const { cadence } = parsed.data.detail;
    const period = digestPeriod(cadence, new Date(parsed.data.time));
    try {
      const groups = new Set<string>();
      for (const policy of await deps.subscriptions.policies()) {
        const d = describePolicy(policy);
        if (d && d.cadence === cadence) groups.add(digestGroup(cadence, d.topics));
      }
      const lookback = new Date(Date.parse(period.from) - PERIOD_MS[cadence]).toISOString();
      const byTopic = new Map<string, TaggedArticle[]>();
      const digests: DigestOutcome[] = [];
      for (const group of [...groups].sort()) {
        const { topics } = parseDigestGroup(group) as { topics: string[] };
        const key = deps.markerKey(cadence, period.to, group);
        if (await deps.markers.isSent(key)) {
          logger.info("digest already sent for this period; skipped", { group, periodEnd: period.to });
          digests.push({ group, outcome: "already-sent", stories: 0 });
          continue;
        }
        const articles: TaggedArticle[] = [];
        for (const topic of topics) {
          if (!byTopic.has(topic))
            byTopic.set(topic, await deps.articles.listByTopic(topic, lookback, period.to));
          articles.push(...(byTopic.get(topic) ?? []));
        }
        const storyIds = [...new Set(articles.map((a) => a.story?.storyId).filter((s): s is string => !!s))];
        const stories = new Map((await deps.stories.getStories(storyIds)).map((s) => [s.storyId, s]));
        const entries = selectDigestEntries(articles, stories, topics, period);
        if (entries.length === 0) {
          logger.info("nothing in the period; no digest", { group, from: period.from, to: period.to });
          digests.push({ group, outcome: "empty", stories: 0 });
          continue;
        }
        const result = await deps.publisher.publish([
          buildDigest(group, { cadence, topics }, period, entries),
        ]);
        if (result.failed.length)
          throw new Error(`digest ${group} could not be published: ${result.failed[0]?.reason}`);
        await deps.markers.markSent(key, { stories: entries.length });
        deps.telemetry.count("DigestsSent");
        logger.info("digest sent", { group, stories: entries.length, from: period.from, to: period.to });
        digests.push({ group, outcome: "sent", stories: entries.length });
      }
      return { period: { from: period.from, to: period.to }, digests };
    } finally {
      deps.telemetry.flush();
    }
  };
}
