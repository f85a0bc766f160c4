import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { ValidationError } from "../../lambdas/core/errors.ts";
import { definition, type FeedDefinition, formatEvery } from "../../lambdas/core/feeds/feed.ts";
import { CliError } from "../cli-error.ts";

/**
 * The local feeds file (events/feeds.json), like events/subscribers.json for subscribers: the feeds the embedded
 * backend registers at start, so `wirewatch replay` polls them. Definitions only; polling state lives in the
 * table of the backend that polls (a fresh one for every local run).
 *
 *   {"feeds": [{"url": "https://...", "every": "15m", "fetch": "page"}]}
 */
export interface LocalFeedEntry {
  url: string;
  every: string;
  fetch: "summary" | "page";
}

export function readLocalFeeds(file: string, options: { optional?: boolean } = {}): FeedDefinition[] {
  if (!existsSync(file)) {
    if (options.optional) return [];
    throw new CliError(`no feeds file at ${file}`);
  }
  let data: { feeds?: unknown };
  try {
    data = JSON.parse(readFileSync(file, "utf8")) as { feeds?: unknown };
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(data.feeds)) throw new CliError(`${file}: expected {"feeds": [...]}`);
  return data.feeds.map((f, i) => {
    try {
      return definition(f as { url: string; every?: string; fetch?: string });
    } catch (error) {
      if (error instanceof ValidationError) throw new CliError(`${file}: feeds[${i}]: ${error.message}`);
      throw error;
    }
  });
}

export function writeLocalFeeds(file: string, feeds: readonly FeedDefinition[]): void {
  const entries: LocalFeedEntry[] = feeds.map((f) => ({
    url: f.url,
    every: formatEvery(f.everyMinutes),
    fetch: f.fetch,
  }));
  writeFileSync(file, `${JSON.stringify({ feeds: entries }, null, 2)}\n`);
}
