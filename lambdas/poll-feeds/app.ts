import { recordIngestResults, type Telemetry } from "../adapters/telemetry.ts";
import { UnavailableError, ValidationError } from "../core/errors.ts";
import { definition, type FeedRecord, isDue } from "../core/feeds/feed.ts";
import { type FeedPollOutcome, type PollDeps, pollFeed } from "../core/feeds/poll.ts";
import { POLL_FEEDS_DETAIL_TYPE, SCHEDULE_SOURCE } from "../core/feeds/schedule.ts";
import * as z from "../core/schema.ts";

export interface PollFeedsDeps extends PollDeps {
  telemetry: Telemetry;
  /** Feeds polled at the same time. */
  concurrency: number;
}

/**
 * The scheduled event (docs: CONVENTIONS "Scheduled events"): EventBridge Scheduler passes it as the target's
 * input, `time` being the scheduled time. `detail.feeds` names feeds to poll now, due or not (registering any that
 * are new): what `wirewatch poll URL` sends.
 */
export const pollFeedsEventSchema = z.object({
  source: z.literal(SCHEDULE_SOURCE),
  "detail-type": z.literal(POLL_FEEDS_DETAIL_TYPE),
  time: z.optional(z.string()),
  detail: z._default(
    z.object({
      feeds: z.optional(
        z
          .array(
            z.object({
              url: z.string().check(z.maxLength(2048)),
              fetch: z.optional(z.enum(["page", "summary"])),
              every: z.optional(z.union([z.string(), z.number()])),
            }),
          )
          .check(z.maxLength(50)),
      ),
    }),
    {},
  ),
});
export type PollFeedsEvent = z.infer<typeof pollFeedsEventSchema>;

export interface PollFeedsResult {
  time: string;
  /** Due feeds not started because the invocation's time ran short; they are polled next time. */
  postponed: number;
  feeds: FeedPollOutcome[];
}

interface LambdaContext {
  getRemainingTimeInMillis?: () => number;
}

/** Runs `work` over `items`, at most `limit` at a time, keeping the results in order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T);
  });
  await Promise.all(lanes);
  return results;
}

/**
 * Polls the feeds that are due (or those the event names), each on its own: a feed that fails records its error
 * and backs off, the others go on. Only an unavailable store fails the invocation (after the other feeds ran).
 */
export function createPollFeedsHandler(deps: PollFeedsDeps) {
  const { logger } = deps.telemetry;
  return async (raw: unknown, context: LambdaContext = {}): Promise<PollFeedsResult> => {
    const parsed = pollFeedsEventSchema.safeParse(raw);
    if (!parsed.success) {
      logger.error("not a Poll feeds event", { issues: parsed.error.issues.slice(0, 3) });
      throw new ValidationError("not a wirewatch.schedule Poll feeds event");
    }
    const event = parsed.data;
    const time = event.time && !Number.isNaN(Date.parse(event.time)) ? new Date(event.time) : deps.now();
    const feedDeps: PollDeps = { ...deps, now: () => time };
    try {
      let feeds: FeedRecord[];
      if (event.detail.feeds) {
        feeds = [];
        for (const f of event.detail.feeds) feeds.push(await deps.feeds.put(definition(f), time));
      } else feeds = (await deps.feeds.list()).filter((f) => isDue(f, time));
      let postponed = 0;
      let unavailable: UnavailableError | undefined;
      const outcomes = await mapLimited(
        feeds,
        deps.concurrency,
        async (feed): Promise<FeedPollOutcome | undefined> => {
          const remaining = context.getRemainingTimeInMillis?.();
          if (remaining !== undefined && remaining < deps.limits.feedBudgetMs + 15_000) {
            postponed++;
            return undefined;
          }
          try {
            const outcome = await pollFeed(feed, feedDeps);
            deps.telemetry.count("FeedsPolled");
            if (outcome.status === "failed") {
              deps.telemetry.count("FeedPollFailures");
              logger.warn("feed poll failed", { feedId: feed.id, url: feed.url, error: outcome.error });
            } else
              logger.info("feed polled", {
                feedId: feed.id,
                url: feed.url,
                status: outcome.status,
                stored: outcome.stored,
              });
            recordIngestResults(
              deps.telemetry,
              outcome.items.flatMap((i) => ("status" in i.result ? [i.result] : [])),
              { feedId: feed.id },
              "feed",
            );
            return outcome;
          } catch (error) {
            if (error instanceof UnavailableError) {
              unavailable = error;
              return undefined;
            }
            // A defect must not stop the other feeds: it is recorded on this feed like any failure.
            const message = `internal error while polling: ${error instanceof Error ? error.message : String(error)}`;
            logger.error("feed poll crashed", { feedId: feed.id, url: feed.url, error: error as Error });
            deps.telemetry.count("FeedPollFailures");
            await deps.feeds
              .saveState(feed.id, {
                ...feed,
                lastPolledAt: time.toISOString(),
                consecutiveFailures: (feed.consecutiveFailures ?? 0) + 1,
                lastError: { at: time.toISOString(), message: message.slice(0, 500) },
              })
              .catch(() => undefined);
            return {
              feedId: feed.id,
              url: feed.url,
              status: "failed",
              error: message,
              entries: 0,
              new: 0,
              deferred: 0,
              stored: 0,
              duplicates: 0,
              rejected: 0,
              items: [],
              nextPollAt: "",
            };
          }
        },
      );
      if (unavailable) throw unavailable;
      return {
        time: time.toISOString(),
        postponed,
        feeds: outcomes.filter((o): o is FeedPollOutcome => o !== undefined),
      };
    } finally {
      deps.telemetry.flush();
    }
  };
}
