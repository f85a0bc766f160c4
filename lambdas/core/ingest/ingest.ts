import type { ArticleInput, TaggedArticle } from "../article.ts";
import { UnavailableError, ValidationError, WirewatchError } from "../errors.ts";
import type { ArticleStore, PutOutcome } from "../ports.ts";
import { assignStory, STORY_RULES, type StoryRules } from "../stories/assign.ts";
import type { StoryIndex } from "../stories/story.ts";
import type { Tagger } from "../tagger/types.ts";
import { normaliseArticle } from "./normalise.ts";

export interface IngestDeps {
  store: ArticleStore;
  /** Where stories are kept: every ingest path assigns each new article to a story before storing it. */
  stories: StoryIndex;
  /** @default STORY_RULES */
  storyRules?: StoryRules;
  tagger: Tagger;
  now: () => Date;
}

export type ItemResult =
  | {
      status: 201 | 200;
      outcome: PutOutcome;
      id: string;
      title: string;
      topics: string[];
      /** The article's story and whether it started it or joined it as a later copy. */
      story?: { id: string; outcome: "new" | "joined"; copies: number };
    }
  | { status: number; error: { code: string; message: string }; retryAfterSeconds?: number };

export interface IngestDefaults {
  /** publishedAt for items that carry none (e.g. the time an object was dropped); else the ingest time. */
  publishedAt?: string;
}

/** Normalises, tags and stores one article. Throws a WirewatchError on bad input or an unavailable store. */
export async function ingestArticle(
  input: ArticleInput,
  deps: IngestDeps,
  defaults: IngestDefaults = {},
): Promise<{ article: TaggedArticle; outcome: PutOutcome }> {
  const withDefaults =
    input.publishedAt === undefined && defaults.publishedAt
      ? { ...input, publishedAt: defaults.publishedAt }
      : input;
  const article = normaliseArticle(withDefaults, deps.now());
  const tags = deps.tagger.tag(`${article.title}.\n\n${article.text}`, {
    referenceDate: article.publishedAt,
  });
  const tagged: TaggedArticle = { ...article, tags };
  // An exact duplicate stores nothing and changes no story (the put only heals its tag edges).
  const stored = await deps.store.get(tagged.id);
  if (stored) return { article: stored, outcome: await deps.store.put(stored) };
  // The story first, then the article that names it: a crash in between is healed by the retry, which finds
  // the assignment recorded on the story and stores the article with it.
  // An article no topic matched only joins an existing story (as one of its sources): a story of its own would
  // alert no one, and would cost its LSH bucket writes for nothing.
  const story = await assignStory(tagged, deps.stories, deps.storyRules ?? STORY_RULES, {
    create: tagged.tags.length > 0,
  });
  const withStory: TaggedArticle = story ? { ...tagged, story } : tagged;
  const outcome = await deps.store.put(withStory);
  return { article: withStory, outcome };
}

export function errorResult(error: unknown): ItemResult {
  if (error instanceof UnavailableError) {
    return {
      status: error.status,
      error: { code: error.code, message: error.message },
      retryAfterSeconds: error.retryAfterSeconds,
    };
  }
  if (error instanceof WirewatchError)
    return { status: error.status, error: { code: error.code, message: error.message } };
  throw error;
}

/** Ingests each item independently: one item's failure never affects another's write. */
export async function ingestItems(
  items: readonly (ArticleInput | ValidationError)[],
  deps: IngestDeps,
  defaults: IngestDefaults = {},
): Promise<ItemResult[]> {
  const results: ItemResult[] = [];
  for (const item of items) {
    if (item instanceof ValidationError) {
      results.push(errorResult(item));
      continue;
    }
    try {
      const { article, outcome } = await ingestArticle(item, deps, defaults);
      results.push({
        status: outcome === "created" ? 201 : 200,
        outcome,
        id: article.id,
        title: article.title,
        topics: article.tags.map((t) => t.topic),
        ...(article.story
          ? {
              story: {
                id: article.story.storyId,
                outcome: article.story.outcome,
                copies: article.story.copies,
              },
            }
          : {}),
      });
    } catch (error) {
      results.push(errorResult(error));
    }
  }
  return results;
}
