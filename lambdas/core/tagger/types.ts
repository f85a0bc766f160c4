import type { TopicTag } from "../article.ts";

export interface TagOptions {
  /** The date relative expressions resolve against ("by Sunday"): YYYY-MM-DD, ISO date-time, or Date. Defaults to today (UTC). */
  referenceDate?: string | Date;
}

/** The stable tagging interface: text in, matched topics out (one entry per topic, best evidence first). */
export interface Tagger {
  /** Names of the topics this tagger knows, in definition order. */
  readonly topics: readonly string[];
  tag(text: string, options?: TagOptions): TopicTag[];
}
