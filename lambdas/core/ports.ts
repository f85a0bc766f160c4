import type { FilterPolicy } from "./alerts/filter-policy.ts";
import type { TaggedArticle } from "./article.ts";
import type { ReminderPlan } from "./reminders/plan.ts";

export type PutOutcome = "created" | "duplicate";

/** Where articles and their tags are kept. Writes are idempotent: the same article id is stored once. */
export interface ArticleStore {
  /** Stores the article unless an article with the same id exists. Never half-writes. */
  put(article: TaggedArticle): Promise<PutOutcome>;
  get(id: string): Promise<TaggedArticle | undefined>;
  /** Articles tagged with `topic`, newest first, optionally within [from, to] (ISO date-times). */
  queryByTopic(
    topic: string,
    range?: { from?: string; to?: string; limit?: number },
  ): Promise<TaggedArticle[]>;
  /** Ids among `ids` whose alert was already published. */
  alreadyAlerted(ids: readonly string[]): Promise<Set<string>>;
  markAlerted(ids: readonly string[]): Promise<void>;
}

/** One alert ready to publish: the channel texts plus the attributes subscribers filter on. */
export interface Alert {
  /** What the message is about: the article id of an alert, the story and date of a reminder, the group of a digest. */
  articleId: string;
  /** The `kind` attribute. @default "alert" */
  kind?: "alert" | "digest" | "reminder";
  /** For a digest: the group (`digest` attribute) it goes to; digests carry no `topics` attribute. */
  digestGroup?: string;
  /** For a later copy's alert: the subscriber topic sets it is for (`audience` attribute). */
  audience?: string[];
  topics: string[];
  /** Per-channel bodies; `default` is the full structured alert as JSON. */
  message: { default: string; email: string; sms: string };
  subject: string;
}

export interface PublishResult {
  published: string[];
  /** Article ids whose publish failed, with the reason. */
  failed: { articleId: string; reason: string }[];
}

export interface AlertPublisher {
  publish(alerts: readonly Alert[]): Promise<PublishResult>;
}

/** Reads a dropped object (an S3 object in Lambda, a local file in replay). */
export interface ObjectSource {
  /** Throws a ValidationError when the object is larger than maxBytes, without reading it all. */
  read(bucket: string, key: string, maxBytes: number): Promise<{ bytes: Uint8Array; contentType?: string }>;
}

/** Creates one-time reminder schedules. Idempotent by schedule name: "exists" when it was already scheduled. */
export interface ReminderScheduler {
  schedule(plan: ReminderPlan): Promise<"scheduled" | "exists">;
}

/** Markers of digests and reminders sent, so a retried schedule never sends twice. */
export interface SentMarkers {
  isSent(key: { pk: string; sk: string }): Promise<boolean>;
  markSent(key: { pk: string; sk: string }, attributes?: Record<string, unknown>): Promise<void>;
}

/** The filter policies of the alerts topic's confirmed subscriptions (the digest function groups them). */
export interface SubscriptionDirectory {
  policies(): Promise<FilterPolicy[]>;
}
