import type { TopicTag } from "../article.ts";

export interface TagOptions {
  /**
   * The date relative expressions resolve against ("by Sunday"): YYYY-MM-DD, ISO date-time, or Date. Without
   * one, a deadline's date is given only when the text fixes the day by itself (with its year); else null.
   */
  referenceDate?: string | Date;
}

/** The stable tagging interface: text in, matched topics out (one entry per topic, best evidence first). */
export interface Tagger {
  /** Names of the topics this tagger knows, in definition order. */
  readonly topics: readonly string[];
  tag(text: string, options?: TagOptions): TopicTag[];
}
