/**
 * An ArticleStore that keeps every article put into it (each a new article), for handler and core tests that
 * only need to see what was stored; `overrides` replace single methods (a failing put, say).
 */
import type { TaggedArticle } from "../../lambdas/core/article.ts";
import type { ArticleStore } from "../../lambdas/core/ports.ts";

export function recordingArticleStore(overrides: Partial<ArticleStore> = {}) {
  const stored: TaggedArticle[] = [];
  const store: ArticleStore = {
    put: async (a) => {
      stored.push(a);
      return "created";
    },
    get: async () => undefined,
    queryByTopic: async () => [],
    alreadyAlerted: async () => new Set(),
    markAlerted: async () => {},
    ...overrides,
  };
  return { store, stored };
}
