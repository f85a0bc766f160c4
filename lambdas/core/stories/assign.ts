/**
 * Story assignment at ingest: an article joins the story of a near-duplicate published within the window, or
 * starts a story of its own. Pure logic over a `StoryIndex` port (the table in production, a Map in the evaluation).
 */
import type { TaggedArticle } from "../article.ts";
import {
  bandKeys,
  decodeSignature,
  encodeSignature,
  type Fingerprint,
  type FingerprintParams,
  fingerprint,
  leadContainment,
  similarity,
} from "./fingerprint.ts";
import { type Story, type StoryIndex, type StoryMember, sourceCount, sourceKey } from "./story.ts";

export interface StoryRules {
  params: FingerprintParams;
  /** Same story when the estimated Jaccard similarity reaches this. */
  jaccard: number;
  /** ... or when this share of the smaller text is in the other (a trimmed copy) ... */
  containment: number;
  /** ... and the smaller text has at least this many shingles (short texts must match by Jaccard). */
  containmentMinShingles: number;
  /** ... or when a brief (a body no longer than a lead) is at least this much inside the other's lead ... */
  leadContainment: number;
  /** ... and has at least this many body shingles. */
  leadMinShingles: number;
  /** How far apart (publication times) a copy may be from the story's first article. */
  windowMs: number;
}

/**
 * Measured with `npm run eval:stories` on syndicated variants and hard negatives built from the shared corpora
 * (tuned on one half, reported on the other; figures in README "Stories").
 */
export const STORY_RULES: StoryRules = {
  params: { shingle: 3, hashes: 120, bands: 40, stopwords: false },
  jaccard: 0.55,
  containment: 0.75,
  containmentMinShingles: 8,
  leadContainment: 0.8,
  leadMinShingles: 20,
  windowMs: 72 * 3600_000,
};

/** How many members keep their signature on the story item (later copies are compared with these). */
const SIGNED_MEMBERS = 16;

export interface Assignment {
  storyId: string;
  /** "new": the article starts the story; "joined": it is a later copy. */
  outcome: "new" | "joined";
  /** Topics this article adds to the story (all of its topics for a new story). */
  newTopics: string[];
  /** The story's topics before this article ([] for a new story). */
  priorTopics: string[];
  /** Copies in the story, this one included. */
  copies: number;
  /** Distinct sources in the story, this one included. */
  sources: number;
}

const topicsOf = (article: TaggedArticle) => [...new Set(article.tags.map((t) => t.topic))];
const at = (iso: string) => Date.parse(iso);

function recorded(story: Story, articleId: string): Assignment | undefined {
  const member = story.members[articleId];
  if (!member) return undefined;
  return {
    storyId: story.storyId,
    outcome: story.firstArticleId === articleId ? "new" : "joined",
    newTopics: member.newTopics,
    priorTopics: member.priorTopics ?? [],
    copies: Object.keys(story.members).length,
    sources: sourceCount(story),
  };
}

/** Whether `fp` is a copy of the story: compared with each member that kept its signature. */
export function matchScore(story: Story, fp: Fingerprint, rules: StoryRules): number {
  let best = 0;
  for (const member of Object.values(story.members)) {
    if (!member.signature || !member.shingles) continue;
    const other: Fingerprint = {
      signature: decodeSignature(member.signature),
      shingles: member.shingles,
      ...(member.lead ? { lead: decodeSignature(member.lead), bodyShingles: member.bodyShingles ?? 0 } : {}),
    };
    const s = similarity(fp, other);
    const byContainment =
      s.smaller >= rules.containmentMinShingles && s.containment >= rules.containment ? s.containment : 0;
    const lead = leadContainment(fp, other);
    const byLead =
      lead && lead.smaller >= rules.leadMinShingles && lead.containment >= rules.leadContainment
        ? lead.containment
        : 0;
    const score = Math.max(s.jaccard >= rules.jaccard ? s.jaccard : 0, byContainment, byLead);
    best = Math.max(best, score);
  }
  return best;
}

/** Seconds since the epoch when the story's buckets may go: a day after the window closes. */
function bucketExpiry(story: Pick<Story, "firstPublishedAt">, ingestedAt: string, rules: StoryRules): number {
  const from = Math.max(at(story.firstPublishedAt), at(ingestedAt) || 0);
  return Math.ceil((from + rules.windowMs + 86_400_000) / 1000);
}

/**
 * Finds or creates the article's story (with `create: false`, only finds one: an article no topic matched joins a
 * story to count as one of its sources, but starting a story for it would alert no one). Idempotent per article id: a retried ingest gets the assignment the
 * first attempt recorded (a new story's id is its first article's id; a joined story records the article as a
 * member with the topics it added), so a retry neither counts the article twice nor changes who is alerted.
 */
export async function assignStory(
  article: TaggedArticle,
  index: StoryIndex,
  rules?: StoryRules,
  options?: { create?: true },
): Promise<Assignment>;
export async function assignStory(
  article: TaggedArticle,
  index: StoryIndex,
  rules: StoryRules | undefined,
  options: { create: boolean },
): Promise<Assignment | undefined>;
export async function assignStory(
  article: TaggedArticle,
  index: StoryIndex,
  rules: StoryRules = STORY_RULES,
  options: { create?: boolean } = {},
): Promise<Assignment | undefined> {
  const fp = fingerprint(article, rules.params);
  const keys = bandKeys(fp, rules.params.bands);
  const member: StoryMember = {
    articleId: article.id,
    publishedAt: article.publishedAt,
    source: sourceKey(article),
    topics: topicsOf(article),
    newTopics: [],
    ...deadlineOf(article),
    signature: encodeSignature(fp.signature),
    shingles: fp.shingles,
    ...(fp.lead ? { lead: encodeSignature(fp.lead), bodyShingles: fp.bodyShingles ?? 0 } : {}),
  };

  // An earlier attempt may have created this article's own story already.
  const own = await index.getStory(article.id);
  if (own) {
    await index.addBuckets(own, keys, bucketExpiry(own, article.ingestedAt, rules));
    return recorded(own, article.id) as Assignment;
  }

  const inWindow = (await index.candidates(keys)).filter(
    (c) =>
      c.storyId !== article.id &&
      Math.abs(at(c.firstPublishedAt) - at(article.publishedAt)) <= rules.windowMs,
  );
  const stories = inWindow.length ? await index.getStories([...new Set(inWindow.map((c) => c.storyId))]) : [];
  for (const story of stories) {
    const done = recorded(story, article.id);
    if (done) return done;
  }
  let best: { story: Story; score: number } | undefined;
  for (const story of stories) {
    const score = matchScore(story, fp, rules);
    if (score === 0) continue;
    if (
      !best ||
      score > best.score ||
      (score === best.score && story.firstPublishedAt < best.story.firstPublishedAt)
    )
      best = { story, score };
  }

  if (best) {
    let story: Story | undefined = best.story;
    for (let attempt = 0; story && attempt < 8; attempt++) {
      const done = recorded(story, article.id);
      if (done) return done;
      const known = new Set(story.topics);
      const newTopics = member.topics.filter((t) => !known.has(t));
      const signed = Object.values(story.members).filter((m) => m.signature).length < SIGNED_MEMBERS;
      const priorTopics = [...story.topics];
      const entry: StoryMember = signed
        ? { ...member, newTopics, priorTopics }
        : {
            ...member,
            newTopics,
            priorTopics,
            signature: undefined,
            shingles: undefined,
            lead: undefined,
            bodyShingles: undefined,
          };
      const latestPublishedAt = [article.publishedAt, story.latestPublishedAt].sort()[1] as string;
      const outcome = await index.addMember(
        story.storyId,
        entry,
        { topics: [...story.topics, ...newTopics], latestPublishedAt },
        story.version,
      );
      if (outcome === "added") {
        if (signed) await index.addBuckets(story, keys, bucketExpiry(story, article.ingestedAt, rules));
        const members = { ...story.members, [article.id]: entry };
        return {
          storyId: story.storyId,
          outcome: "joined",
          newTopics,
          priorTopics,
          copies: Object.keys(members).length,
          sources: sourceCount({ members }),
        };
      }
      story = await index.getStory(story.storyId);
    }
    // The story kept changing under us (or vanished): fall through and start a story of our own.
  }
  if (options.create === false) return undefined;

  const story: Story = {
    storyId: article.id,
    firstArticleId: article.id,
    title: article.title,
    ...(article.url ? { url: article.url } : {}),
    firstPublishedAt: article.publishedAt,
    latestPublishedAt: article.publishedAt,
    topics: member.topics,
    members: { [article.id]: { ...member, newTopics: member.topics } },
    version: 1,
  };
  const created = await index.createStory(story);
  const stored = created === "created" ? story : ((await index.getStory(article.id)) ?? story);
  await index.addBuckets(stored, keys, bucketExpiry(stored, article.ingestedAt, rules));
  return recorded(stored, article.id) as Assignment;
}

/** The member's deadline date: the first tag that resolved one (the one its alert and reminder use). */
function deadlineOf(article: Pick<TaggedArticle, "tags">): { deadline?: string } {
  const date = article.tags.find((t) => t.deadline?.date)?.deadline?.date;
  return date ? { deadline: date } : {};
}
