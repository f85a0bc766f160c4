/** The article model shared by every function. Pure types: no I/O, no AWS. */

/** What a client sends (HTTP body item, S3 object, feed entry) before normalisation. */
export interface ArticleInput {
  title: string;
  /** Plain text body. Exactly one of `body` or `html` is given. */
  body?: string;
  /** HTML body; converted to text by normalisation. */
  html?: string;
  url?: string;
  source?: string;
  /** ISO 8601 date or date-time; defaults to the ingest time. */
  publishedAt?: string;
}

/** A resolved time limit found by the `deadline` topic. */
export interface DeadlineInfo {
  /** The words of the text that state the limit, verbatim ("until the end of May"). */
  phrase: string;
  /** The calendar date of the limit (YYYY-MM-DD), or null when the text does not fix a day. */
  date: string | null;
}

/** One topic that matched an article. */
export interface TopicTag {
  topic: string;
  /** Confidence in [0, 1]; a topic is reported only above its threshold. */
  score: number;
  /** The sentence that triggered the tag, verbatim from the text. */
  evidence: string;
  /** Present for topics that extract a deadline. */
  deadline?: DeadlineInfo;
}

/** A normalised article, ready to tag and store. */
export interface Article {
  /** Stable id derived from the content hash: the same text always gets the same id. */
  id: string;
  /** SHA-256 (hex) of the normalised title and text. */
  contentHash: string;
  title: string;
  text: string;
  /** Canonical URL (https, lower-case host, no fragment, no tracking parameters). */
  url?: string;
  source?: string;
  /** ISO 8601 date-time (UTC). */
  publishedAt: string;
  /** ISO 8601 date-time (UTC) of ingestion. */
  ingestedAt: string;
}

export interface TaggedArticle extends Article {
  tags: TopicTag[];
  /** The story the article was assigned to at ingest (absent on articles stored before stories existed). */
  story?: ArticleStory;
}

/** An article's place in its story, fixed when it was stored. */
export interface ArticleStory {
  storyId: string;
  /** "new": the article started the story; "joined": a later copy of it. */
  outcome: "new" | "joined";
  /** The topics this article added to the story: its alert carries these only ([] = it alerts no one). */
  newTopics: string[];
  /** The story's topics before this article: their subscribers had the story's alert already. */
  priorTopics?: string[];
  /** Copies of the story stored so far, this one included. */
  copies: number;
  /** Distinct sources among them. */
  sources: number;
}
