/**
 * Polling one feed: a conditional GET, the entries not seen before, each through the same ingest core as the API
 * and the bucket (one item, one alert), and the feed's state (success, failures with backoff, last error).
 * A feed's failure is recorded on the feed and returned, never thrown: one bad feed cannot stop the others.
 * Only an unavailable article store is thrown, so the invocation fails and nothing is marked seen.
 */
import type { ArticleInput } from "../article.ts";
import { UnavailableError, ValidationError, WirewatchError } from "../errors.ts";
import { type IngestDeps, type ItemResult, ingestItems } from "../ingest/ingest.ts";
import { MIN_TEXT_CHARS } from "../ingest/normalise.ts";
import { extractArticle } from "../pages/extract.ts";
import { decodeDocument } from "../text/decode.ts";
import { htmlToText } from "../text/html.ts";
import { normaliseText } from "../text/normalise-text.ts";
import { type FeedRecord, type FeedState, nextPollAfterFailure, nextPollAfterSuccess } from "./feed.ts";
import { type FeedEntry, parseFeedDocument } from "./parse-feed.ts";
import { type FeedStore, FetchError, type Fetcher } from "./ports.ts";

export interface PollLimits {
  /** Largest feed document. */
  maxFeedBytes: number;
  /** Largest page fetched for `--fetch page`. */
  maxPageBytes: number;
  /** Longest article text kept from a page. */
  maxTextChars: number;
  feedTimeoutMs: number;
  pageTimeoutMs: number;
  /** Time one feed may take, pages included; entries left over wait for the next poll. */
  feedBudgetMs: number;
  /** New entries ingested per poll; the rest wait for the next poll. */
  maxEntriesPerPoll: number;
  /** Pages fetched per poll (`--fetch page`); entries beyond it use their summary. */
  maxPagesPerPoll: number;
  /** How long an entry is remembered as seen. */
  seenTtlDays: number;
}

export const DEFAULT_POLL_LIMITS: PollLimits = {
  maxFeedBytes: 5 * 1024 * 1024,
  maxPageBytes: 4 * 1024 * 1024,
  maxTextChars: 100_000,
  feedTimeoutMs: 15_000,
  pageTimeoutMs: 10_000,
  feedBudgetMs: 60_000,
  maxEntriesPerPoll: 100,
  maxPagesPerPoll: 25,
  seenTtlDays: 90,
};

export interface PollDeps extends IngestDeps {
  feeds: FeedStore;
  fetcher: Fetcher;
  limits: PollLimits;
  /** Monotonic clock for time budgets (not the event's time). @default performance.now */
  clock?: () => number;
}

export interface EntryOutcome {
  key: string;
  title?: string;
  link?: string;
  /** Where the stored text came from. */
  textFrom?: "page" | "content" | "summary";
  /** Why the page was not used, when `--fetch page` fell back to the feed's text. */
  note?: string;
  result: ItemResult | { skipped: string };
}

export interface FeedPollOutcome {
  feedId: string;
  url: string;
  status: "ok" | "not_modified" | "failed";
  error?: string;
  /** Entries in the document, new among them, and those left for the next poll. */
  entries: number;
  new: number;
  deferred: number;
  stored: number;
  duplicates: number;
  rejected: number;
  items: EntryOutcome[];
  nextPollAt: string;
}

const FEED_ACCEPT =
  "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";
const PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";

const asText = (v: { value: string; html: boolean } | undefined) =>
  v ? (v.html ? htmlToText(v.value) : normaliseText(v.value)) : "";

/** A headline for an entry that has none: its text's first sentence, at most 150 characters. */
function titleFromText(text: string): string {
  const first = text.split(/\n|(?<=[.!?])\s/)[0] ?? text;
  return first.length <= 150 ? first : `${first.slice(0, 147).replace(/\s+\S*$/, "")}…`;
}

function describe(error: unknown): string {
  if (error instanceof FetchError || error instanceof WirewatchError) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

interface PageBudget {
  pagesLeft: number;
  deadline: number;
  clock: () => number;
}

async function pageText(
  link: string,
  deps: PollDeps,
  budget: PageBudget,
): Promise<{ text: string; title?: string; publishedAt?: string } | { note: string }> {
  if (budget.pagesLeft <= 0)
    return { note: `page not fetched (at most ${deps.limits.maxPagesPerPoll} pages per poll)` };
  const left = budget.deadline - budget.clock();
  if (left < 1000) return { note: "page not fetched (the feed's time budget is spent)" };
  budget.pagesLeft--;
  try {
    const response = await deps.fetcher.fetch(link, {
      headers: { accept: PAGE_ACCEPT },
      maxBytes: deps.limits.maxPageBytes,
      timeoutMs: Math.min(deps.limits.pageTimeoutMs, left),
    });
    if (response.status !== 200) return { note: `page not used (HTTP ${response.status})` };
    const type = response.headers["content-type"] ?? "";
    if (type && !/html|xml/i.test(type))
      return { note: `page not used (it is ${type.split(";")[0]}, not HTML)` };
    const { text: html } = decodeDocument(response.body, {
      kind: "html",
      what: "the page",
      contentType: type,
    });
    const page = extractArticle(html, { url: response.url, maxTextChars: deps.limits.maxTextChars });
    if (page.method !== "article") return { note: "page not used (no article found on it)" };
    return {
      text: page.text,
      ...(page.title ? { title: page.title } : {}),
      ...(page.publishedAt ? { publishedAt: page.publishedAt } : {}),
    };
  } catch (error) {
    if (error instanceof FetchError || error instanceof ValidationError)
      return { note: `page not fetched (${error.message})` };
    throw error;
  }
}

async function entryInput(
  entry: FeedEntry,
  feed: FeedRecord,
  source: string,
  deps: PollDeps,
  budget: PageBudget,
): Promise<{ input?: ArticleInput; textFrom?: EntryOutcome["textFrom"]; note?: string; skipped?: string }> {
  const content = asText(entry.content);
  const summary = asText(entry.summary);
  let text = content || summary;
  let textFrom: EntryOutcome["textFrom"] = content ? "content" : "summary";
  let note: string | undefined;
  let title = entry.title;
  let publishedAt = entry.publishedAt;
  if (feed.fetch === "page") {
    if (!entry.link) note = "page not fetched (the entry has no link); stored the feed's text";
    else {
      const page = await pageText(entry.link, deps, budget);
      if ("text" in page && page.text.length >= Math.min(200, text.length || 200)) {
        text = page.text;
        textFrom = "page";
        title ??= page.title;
        publishedAt ??= page.publishedAt;
      } else {
        note = `${"note" in page ? page.note : "page not used (its article is shorter than the feed's text)"}; stored the feed's ${textFrom === "content" ? "content" : "summary"}`;
      }
    }
  }
  if (!text && !title)
    return { skipped: "the entry has neither a title nor any text", ...(note ? { note } : {}) };
  title ??= titleFromText(text);
  // Entries whose text is only a few words ("Photos", a dateline) still carry their headline: both are stored.
  if (text.length < MIN_TEXT_CHARS) text = text ? `${title}\n\n${text}` : title;
  const input: ArticleInput = { title, body: text, source };
  if (entry.link) input.url = entry.link;
  if (publishedAt) input.publishedAt = publishedAt;
  return { input, textFrom, ...(note ? { note } : {}) };
}

const failure = (feed: FeedRecord, now: Date, message: string, retryAfterSeconds?: number): FeedState => {
  const consecutiveFailures = (feed.consecutiveFailures ?? 0) + 1;
  return {
    ...stateOf(feed),
    lastPolledAt: now.toISOString(),
    consecutiveFailures,
    nextPollAt: nextPollAfterFailure(feed, consecutiveFailures, now, retryAfterSeconds),
    lastError: { at: now.toISOString(), message: message.slice(0, 500) },
  };
};

function stateOf(feed: FeedRecord): FeedState {
  const {
    etag,
    lastModified,
    title,
    lastPolledAt,
    lastSuccessAt,
    consecutiveFailures,
    nextPollAt,
    lastError,
    lastStored,
  } = feed;
  return {
    ...(etag ? { etag } : {}),
    ...(lastModified ? { lastModified } : {}),
    ...(title ? { title } : {}),
    ...(lastPolledAt ? { lastPolledAt } : {}),
    ...(lastSuccessAt ? { lastSuccessAt } : {}),
    consecutiveFailures: consecutiveFailures ?? 0,
    ...(nextPollAt ? { nextPollAt } : {}),
    ...(lastError ? { lastError } : {}),
    ...(lastStored !== undefined ? { lastStored } : {}),
  };
}

function retryAfter(header: string | undefined, now: Date): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - now.getTime()) / 1000);
}

/** Polls one feed once and saves its state. Throws only UnavailableError (the article or feed store is down). */
export async function pollFeed(feed: FeedRecord, deps: PollDeps): Promise<FeedPollOutcome> {
  const now = deps.now();
  const clock = deps.clock ?? (() => performance.now());
  const budget: PageBudget = {
    pagesLeft: deps.limits.maxPagesPerPoll,
    deadline: clock() + deps.limits.feedBudgetMs,
    clock,
  };
  const outcome: FeedPollOutcome = {
    feedId: feed.id,
    url: feed.url,
    status: "ok",
    entries: 0,
    new: 0,
    deferred: 0,
    stored: 0,
    duplicates: 0,
    rejected: 0,
    items: [],
    nextPollAt: "",
  };
  const fail = async (message: string, retryAfterSeconds?: number) => {
    const state = failure(feed, now, message, retryAfterSeconds);
    await deps.feeds.saveState(feed.id, state);
    return { ...outcome, status: "failed" as const, error: message, nextPollAt: state.nextPollAt ?? "" };
  };

  let response: Awaited<ReturnType<Fetcher["fetch"]>>;
  try {
    response = await deps.fetcher.fetch(feed.url, {
      headers: {
        accept: FEED_ACCEPT,
        ...(feed.etag ? { "if-none-match": feed.etag } : {}),
        ...(feed.lastModified ? { "if-modified-since": feed.lastModified } : {}),
      },
      maxBytes: deps.limits.maxFeedBytes,
      timeoutMs: deps.limits.feedTimeoutMs,
    });
  } catch (error) {
    if (error instanceof FetchError) return fail(`fetch failed: ${error.message}`);
    throw error;
  }
  if (response.status === 304) {
    const state: FeedState = {
      ...stateOf(feed),
      lastPolledAt: now.toISOString(),
      lastSuccessAt: now.toISOString(),
      consecutiveFailures: 0,
      nextPollAt: nextPollAfterSuccess(feed, now),
      lastStored: 0,
    };
    await deps.feeds.saveState(feed.id, state);
    return { ...outcome, status: "not_modified", nextPollAt: state.nextPollAt ?? "" };
  }
  if (response.status < 200 || response.status >= 300)
    return fail(
      `HTTP ${response.status} from ${response.url}`,
      retryAfter(response.headers["retry-after"], now),
    );

  let parsed: ReturnType<typeof parseFeedDocument>;
  try {
    parsed = parseFeedDocument(response.body, {
      url: response.url,
      ...(response.headers["content-type"] ? { contentType: response.headers["content-type"] } : {}),
    });
  } catch (error) {
    if (error instanceof ValidationError) return fail(error.message);
    return fail(`the feed could not be parsed (${describe(error)})`);
  }
  outcome.entries = parsed.entries.length;
  const source = parsed.title ?? new URL(response.url).hostname;
  const keys = [...new Set(parsed.entries.map((e) => e.key))];
  const seen = await deps.feeds.seen(feed.id, keys);
  const fresh: FeedEntry[] = [];
  const taken = new Set<string>();
  for (const entry of parsed.entries)
    if (!seen.has(entry.key) && !taken.has(entry.key)) {
      taken.add(entry.key);
      fresh.push(entry);
    }
  outcome.new = fresh.length;
  const now_ = fresh.slice(0, deps.limits.maxEntriesPerPoll);
  outcome.deferred = fresh.length - now_.length;
  const expiresAt = Math.floor(now.getTime() / 1000) + deps.limits.seenTtlDays * 86_400;
  // Oldest first, so alerts go out in the order the stories were published.
  for (const [i, entry] of [...now_].reverse().entries()) {
    if (clock() > budget.deadline) {
      outcome.deferred += now_.length - i;
      break;
    }
    const { input, textFrom, note, skipped } = await entryInput(entry, feed, source, deps, budget);
    const item: EntryOutcome = {
      key: entry.key,
      ...(entry.title ? { title: entry.title } : {}),
      ...(entry.link ? { link: entry.link } : {}),
      ...(textFrom ? { textFrom } : {}),
      ...(note ? { note } : {}),
      result: { skipped: skipped ?? "" },
    };
    if (input) {
      const [result] = await ingestItems([input], deps);
      if (!result) continue;
      if (result.status === 503 && "error" in result) throw new UnavailableError(result.error.message);
      item.result = result;
      if ("id" in result) {
        if (result.outcome === "created") outcome.stored++;
        else outcome.duplicates++;
      } else outcome.rejected++;
    } else outcome.rejected++;
    // Rejected entries are marked too: polling again cannot fix them.
    await deps.feeds.markSeen(feed.id, [entry.key], expiresAt);
    outcome.items.push(item);
  }
  // With entries left over, the validators are not kept: a 304 next time would hide them.
  const complete = outcome.deferred === 0;
  const state: FeedState = {
    ...stateOf(feed),
    ...(parsed.title ? { title: parsed.title } : {}),
    lastPolledAt: now.toISOString(),
    lastSuccessAt: now.toISOString(),
    consecutiveFailures: 0,
    nextPollAt: complete ? nextPollAfterSuccess(feed, now) : now.toISOString(),
    lastStored: outcome.stored,
  };
  delete state.etag;
  delete state.lastModified;
  if (complete && response.headers.etag) state.etag = response.headers.etag;
  if (complete && response.headers["last-modified"]) state.lastModified = response.headers["last-modified"];
  await deps.feeds.saveState(feed.id, state);
  return { ...outcome, nextPollAt: state.nextPollAt ?? "" };
}
