/**
 * One representative sample event per function in FUNCTION_ENTRIES, for cold-start measurements and the cost
 * model. A function added to FUNCTION_ENTRIES needs one line here (its sample under events/); without one the
 * bench prints that it skipped the function and why.
 */
import type { FUNCTION_ENTRIES } from "../../infra/config.ts";

export interface FunctionSample {
  /** A sample event, relative to the repository root. */
  event: string;
  /** Environment the function's config loader needs beyond the shared defaults in cold-start.ts. */
  env?: Record<string, string>;
}

export const FUNCTION_SAMPLES: Partial<Record<keyof typeof FUNCTION_ENTRIES, FunctionSample>> = {
  ingestApi: { event: "events/api/01-seed-czechia-caps-russian-diplomats.json" },
  ingestS3: { event: "events/s3/01-eventbridge-object-created-txt.json" },
  notify: { event: "events/dynamodb/01-stream-batch-insert.json" },
  digest: { event: "events/scheduled/10-daily-digest.json" },
  remind: { event: "events/scheduled/12-reminder-seed-deadline.json" },
  // The poll's first step (the feeds that are due) fails fast like every AWS call here: its cold start is the
  // feed parser, the DOM and Readability loading, not a fetch.
  pollFeeds: { event: "events/scheduled/01-poll-feeds.json" },
};
