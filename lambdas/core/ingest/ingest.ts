import type { ArticleInput, TaggedArticle } from "../article.ts";
import { UnavailableError, ValidationError, WirewatchError } from "../errors.ts";
import type { ArticleStore, PutOutcome } from "../ports.ts";
import type { Tagger } from "../tagger/types.ts";
import { normaliseArticle } from "./normalise.ts";

export interface IngestDeps {
  store: ArticleStore;
  tagger: Tagger;
  now: () => Date;
}

export type ItemResult =
  | { status: 201 | 200; outcome: PutOutcome; id: string; title: string; topics: string[] }
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
  const outcome = await deps.store.put(tagged);
  return { article: tagged, outcome };
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
      });
    } catch (error) {
      results.push(errorResult(error));
    }
  }
  return results;
}
