import type { FeedDefinition, FeedRecord, FeedState } from "./feed.ts";

/** Where feeds, their polling state and the markers of entries already seen are kept. */
export interface FeedStore {
  list(): Promise<FeedRecord[]>;
  get(id: string): Promise<FeedRecord | undefined>;
  /** Adds a feed, or updates the definition of an existing one (its state is kept). */
  put(definition: FeedDefinition, now: Date): Promise<FeedRecord>;
  remove(id: string): Promise<boolean>;
  saveState(id: string, state: FeedState): Promise<void>;
  /** The keys among `keys` already seen in this feed. */
  seen(feedId: string, keys: readonly string[]): Promise<Set<string>>;
  /** Marks entries as seen until `expiresAt` (epoch seconds). */
  markSeen(feedId: string, keys: readonly string[], expiresAt: number): Promise<void>;
}

export interface FetchRequest {
  /** Extra request headers (If-None-Match, If-Modified-Since, Accept). */
  headers?: Record<string, string>;
  /** Largest body accepted, counted while streaming and again after decompression. */
  maxBytes: number;
  /** The whole request, redirects included, must finish within this. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface FetchResponse {
  status: number;
  /** The final URL, after redirects. */
  url: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Uint8Array;
  /** The URLs redirected through, in order. */
  redirects: string[];
}

export type FetchFailure =
  | "refused"
  | "timeout"
  | "too_large"
  | "too_many_redirects"
  | "network"
  | "bad_response";

/** Why a fetch failed, safe to record as a feed's last error. */
export class FetchError extends Error {
  override name = "FetchError";
  constructor(
    readonly failure: FetchFailure,
    message: string,
  ) {
    super(message);
  }
}

/** Outbound HTTP for feeds and pages: public addresses only, bounded in time, size and redirects. */
export interface Fetcher {
  fetch(url: string, request: FetchRequest): Promise<FetchResponse>;
}
