/** Feeds as data: a feed's definition, its polling state, and the rules that schedule its next poll. Pure. */
import { createHash } from "node:crypto";
import { ValidationError } from "../errors.ts";
import { checkFetchUrl } from "../net/address.ts";

export type FetchMode = "summary" | "page";

/** What a person configures: `wirewatch feeds add URL [--every 15m] [--fetch page|summary]`. */
export interface FeedDefinition {
  url: string;
  /** Minutes between polls. */
  everyMinutes: number;
  /** "summary": the entry's own text; "page": the linked page reduced to its article (summary as fallback). */
  fetch: FetchMode;
}

/** What the poller keeps per feed. */
export interface FeedState {
  etag?: string;
  lastModified?: string;
  /** The feed's own title, from its last successful parse. */
  title?: string;
  lastPolledAt?: string;
  lastSuccessAt?: string;
  consecutiveFailures: number;
  /** ISO time from which the feed is due again. */
  nextPollAt?: string;
  lastError?: { at: string; message: string };
  /** Entries stored by the last successful poll. */
  lastStored?: number;
}

export interface FeedRecord extends FeedDefinition, FeedState {
  id: string;
  addedAt: string;
}

export const DEFAULT_EVERY_MINUTES = 15;
export const MIN_EVERY_MINUTES = 5;
export const MAX_EVERY_MINUTES = 7 * 24 * 60;
/** Backoff never waits longer than a day between attempts. */
export const MAX_BACKOFF_MINUTES = 24 * 60;

/** "15m", "2h", "1d" or a number of minutes, within [5 minutes, 7 days] (the schedule runs every 5 minutes). */
export function parseEvery(raw: string | number): number {
  const text = String(raw).trim().toLowerCase();
  const m = /^(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hours?|d|days?)?$/.exec(text);
  if (!m) throw new ValidationError(`--every must look like 15m, 2h or 1d, got "${text.slice(0, 20)}"`);
  const unit = m[2]?.[0] ?? "m";
  const minutes = Math.round(Number(m[1]) * (unit === "h" ? 60 : unit === "d" ? 1440 : 1));
  if (minutes < MIN_EVERY_MINUTES || minutes > MAX_EVERY_MINUTES)
    throw new ValidationError(`--every must be between ${MIN_EVERY_MINUTES}m and 7d, got "${text}"`);
  return minutes;
}

export function formatEvery(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

/** The feed's URL as given (trimmed), after the same checks a fetch makes before resolving the host. */
export function feedUrl(raw: string): string {
  const verdict = checkFetchUrl(raw.trim(), { allowLoopback: true });
  if (!verdict.ok) throw new ValidationError(`feed URL: ${verdict.reason}`, { code: "invalid_url" });
  return verdict.url.toString();
}

/** A feed's id: the first 16 hex digits of the SHA-256 of its URL, so adding the same URL twice is one feed. */
export const feedIdOf = (url: string) => createHash("sha256").update(url).digest("hex").slice(0, 16);

export function definition(raw: { url: string; every?: string | number; fetch?: string }): FeedDefinition {
  const fetch = raw.fetch ?? "summary";
  if (fetch !== "summary" && fetch !== "page")
    throw new ValidationError(`--fetch must be "page" or "summary", got "${fetch}"`);
  return {
    url: feedUrl(raw.url),
    everyMinutes: raw.every === undefined ? DEFAULT_EVERY_MINUTES : parseEvery(raw.every),
    fetch,
  };
}

const addMinutes = (at: Date, minutes: number) => new Date(at.getTime() + minutes * 60_000).toISOString();

/** After a success: the feed is due again `every` minutes later. */
export function nextPollAfterSuccess(feed: FeedDefinition, now: Date): string {
  return addMinutes(now, feed.everyMinutes);
}

/**
 * After the n-th consecutive failure: `every` doubled per failure (every, 2x, 4x, ...), at most a day, and never
 * sooner than a server's Retry-After.
 */
export function nextPollAfterFailure(
  feed: FeedDefinition,
  consecutiveFailures: number,
  now: Date,
  retryAfterSeconds?: number,
): string {
  const backoff = Math.min(
    feed.everyMinutes * 2 ** Math.max(consecutiveFailures - 1, 0),
    MAX_BACKOFF_MINUTES,
  );
  const minutes = Math.max(backoff, Math.min((retryAfterSeconds ?? 0) / 60, MAX_BACKOFF_MINUTES));
  return addMinutes(now, minutes);
}

export const isDue = (feed: Pick<FeedState, "nextPollAt">, now: Date) =>
  !feed.nextPollAt || new Date(feed.nextPollAt).getTime() <= now.getTime();
