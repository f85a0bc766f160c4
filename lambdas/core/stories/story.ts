/** The story model: the copies of one piece of news, from one or more outlets. Pure types and helpers. */
import type { TaggedArticle } from "../article.ts";

/** One article of a story, as the story item records it. */
export interface StoryMember {
  articleId: string;
  publishedAt: string;
  /** Who published it (see `sourceKey`), to count distinct sources. */
  source: string;
  /** The article's own topics. */
  topics: string[];
  /** The topics this article added to the story: what its alert carries ([] = it alerts no one). */
  newTopics: string[];
  /**
   * The calendar date this article's deadline resolved to, if it has one. The latest copy that dates the deadline
   * says where it stands now: a deadline moved ("extended to May 3") supersedes the reminder of the earlier date.
   */
  deadline?: string;
  /** The story's topics before this article joined (whose subscribers were alerted already). */
  priorTopics?: string[];
  /** The article's MinHash signature (base64), kept for the first copies so later ones can be compared. */
  signature?: string;
  shingles?: number;
  /** The body's first shingles (base64), and how many distinct shingles the body has. */
  lead?: string;
  bodyShingles?: number;
}

export interface Story {
  storyId: string;
  firstArticleId: string;
  title: string;
  url?: string;
  firstPublishedAt: string;
  latestPublishedAt: string;
  /** Union of the members' topics. */
  topics: string[];
  members: Record<string, StoryMember>;
  /** Optimistic-concurrency counter: every change is conditional on the version it read. */
  version: number;
}

/** A story id found in an LSH bucket, with what the window check needs. */
export interface StoryCandidate {
  storyId: string;
  firstPublishedAt: string;
}

/**
 * A story index (the articles table in production, a Map in the evaluation). Every write is conditional, so a
 * retried or concurrent ingest never half-writes or counts an article twice.
 */
export interface StoryIndex {
  getStory(storyId: string): Promise<Story | undefined>;
  getStories(storyIds: readonly string[]): Promise<Story[]>;
  /** The stories whose buckets include any of `bandKeys`. */
  candidates(bandKeys: readonly string[]): Promise<StoryCandidate[]>;
  /** Creates the story unless it exists. */
  createStory(story: Story): Promise<"created" | "exists">;
  /** Points `bandKeys` at the story (idempotent), until `expiresAt` (epoch seconds). */
  addBuckets(story: StoryCandidate, bandKeys: readonly string[], expiresAt: number): Promise<void>;
  /**
   * Adds a member if the story is still at `expectedVersion` and does not have it yet, setting the new topic union
   * and latest time. "conflict" when either condition fails (the caller re-reads).
   */
  addMember(
    storyId: string,
    member: StoryMember,
    change: { topics: string[]; latestPublishedAt: string },
    expectedVersion: number,
  ): Promise<"added" | "conflict">;
}

/**
 * The story's deadline as its latest dated copy gives it (publication time, then article id, decides), or
 * undefined when no copy dates one. Members recorded before deadlines were kept carry none and are not counted.
 */
export function currentDeadline(
  story: Pick<Story, "members">,
): { date: string; articleId: string } | undefined {
  let latest: StoryMember | undefined;
  for (const m of Object.values(story.members)) {
    if (!m.deadline) continue;
    if (
      !latest ||
      m.publishedAt > latest.publishedAt ||
      (m.publishedAt === latest.publishedAt && m.articleId > latest.articleId)
    )
      latest = m;
  }
  return latest?.deadline ? { date: latest.deadline, articleId: latest.articleId } : undefined;
}

/** Who published an article: the source name, else the link's host, else the article itself (an unknown outlet). */
export function sourceKey(article: Pick<TaggedArticle, "id" | "source" | "url">): string {
  const name = article.source?.trim().toLowerCase().replace(/\s+/g, " ");
  if (name) return name;
  if (article.url) {
    try {
      return new URL(article.url).hostname.replace(/^www\./, "");
    } catch {
      // not a URL: fall through
    }
  }
  return `article:${article.id}`;
}

/** Distinct sources among a story's members. */
export function sourceCount(story: Pick<Story, "members">): number {
  return new Set(Object.values(story.members).map((m) => m.source)).size;
}
