/**
 * ingestArticle and ingestItems (lambdas/core/ingest/ingest.ts) on their own, with the in-memory story index and
 * a Map for the article store (the port's contract: put stores once; the DynamoDB store is tested in the
 * embedded tier). The tagger here marks "expel" as expulsions and records what it was asked, so the test sees
 * the text and reference date every ingest path gives it.
 */
import { describe, expect, it } from "vitest";
import type { TaggedArticle, TopicTag } from "../../lambdas/core/article.ts";
import { UnavailableError, ValidationError } from "../../lambdas/core/errors.ts";
import { ingestArticle, ingestItems } from "../../lambdas/core/ingest/ingest.ts";
import type { ArticleStore, PutOutcome } from "../../lambdas/core/ports.ts";
import { MemoryStoryIndex } from "../../lambdas/core/stories/memory-index.ts";
import type { Tagger, TagOptions } from "../../lambdas/core/tagger/types.ts";

class MapStore implements ArticleStore {
  readonly items = new Map<string, TaggedArticle>();
  async put(article: TaggedArticle): Promise<PutOutcome> {
    if (this.items.has(article.id)) return "duplicate";
    this.items.set(article.id, article);
    return "created";
  }
  async get(id: string) {
    return this.items.get(id);
  }
  async queryByTopic() {
    return [];
  }
  async alreadyAlerted() {
    return new Set<string>();
  }
  async markAlerted() {}
}

class ExpelTagger implements Tagger {
  readonly topics = ["expulsions"];
  readonly calls: { text: string; options?: TagOptions }[] = [];
  tag(text: string, options?: TagOptions): TopicTag[] {
    this.calls.push({ text, ...(options ? { options } : {}) });
    return /expel/i.test(text) ? [{ topic: "expulsions", score: 0.9, evidence: "They were expelled." }] : [];
  }
}

const NOW = new Date("2026-04-23T10:00:00.000Z");
function deps() {
  return {
    store: new MapStore(),
    stories: new MemoryStoryIndex(),
    tagger: new ExpelTagger(),
    now: () => NOW,
  };
}
const expelled = {
  title: "Four envoys expelled",
  body: "The ministry expelled four envoys on Monday night.",
};
const weather = { title: "Rain on the coast", body: "Heavy rain is expected along the coast this week." };

describe("ingestArticle", () => {
  it("tags the title and text as one text, dated by the article's publication time", async () => {
    const d = deps();
    await ingestArticle({ ...expelled, publishedAt: "2026-04-20" }, d);
    expect(d.tagger.calls).toEqual([
      {
        text: "Four envoys expelled.\n\nThe ministry expelled four envoys on Monday night.",
        options: { referenceDate: "2026-04-20T00:00:00.000Z" },
      },
    ]);
  });

  it("dates an article that states no time by the given default, and keeps a time it states", async () => {
    const d = deps();
    const drop = { publishedAt: "2026-04-21T06:00:00.000Z" };
    expect((await ingestArticle(expelled, d, drop)).article.publishedAt).toBe(drop.publishedAt);
    const stated = await ingestArticle({ ...weather, publishedAt: "2026-04-19T12:00:00Z" }, d, drop);
    expect(stated.article.publishedAt).toBe("2026-04-19T12:00:00.000Z");
    expect((await ingestArticle({ ...weather, title: "Rain again" }, d)).article.publishedAt).toBe(
      NOW.toISOString(),
    );
  });

  it("starts a story for a tagged article, but none for an article no topic matched", async () => {
    const d = deps();
    const tagged = await ingestArticle(expelled, d);
    expect(tagged.article.story).toMatchObject({ storyId: tagged.article.id, outcome: "new" });
    expect(d.stories.stories.size).toBe(1);
    const untagged = await ingestArticle(weather, d);
    expect(untagged.article.story).toBeUndefined();
    expect(d.stories.stories.size).toBe(1);
  });

  it("returns the stored article, story included, for an exact duplicate, and changes no story", async () => {
    const d = deps();
    const first = await ingestArticle(expelled, d);
    const again = await ingestArticle({ ...expelled, source: "Another Wire" }, d);
    expect(again.outcome).toBe("duplicate");
    expect(again.article).toEqual(first.article);
    expect(Object.keys(d.stories.stories.get(first.article.id)?.members ?? {})).toHaveLength(1);
  });
});

describe("ingestItems", () => {
  it("answers 201 for a new article with its story, 200 for a duplicate, and each item error on its own", async () => {
    const d = deps();
    const results = await ingestItems(
      [
        expelled,
        new ValidationError("articles[1]: title is empty", { code: "invalid_article" }),
        expelled,
        weather,
      ],
      d,
    );
    expect(results[0]).toMatchObject({
      status: 201,
      outcome: "created",
      title: "Four envoys expelled",
      topics: ["expulsions"],
      story: { outcome: "new", copies: 1 },
    });
    expect(results[1]).toEqual({
      status: 400,
      error: { code: "invalid_article", message: "articles[1]: title is empty" },
    });
    expect(results[2]).toMatchObject({
      status: 200,
      outcome: "duplicate",
      id: (results[0] as { id: string }).id,
    });
    expect(results[3]).toMatchObject({ status: 201, topics: [] });
    expect(results[3]).not.toHaveProperty("story");
  });

  it("reports an unavailable store for that item with its retry delay, and goes on with the next", async () => {
    const d = deps();
    let calls = 0;
    const flaky = {
      ...d,
      store: Object.assign(Object.create(d.store), {
        get: async (id: string) => {
          if (calls++ === 0) throw new UnavailableError("the article table is throttled", 5);
          return d.store.get(id);
        },
      }) as ArticleStore,
    };
    const results = await ingestItems([expelled, weather], flaky);
    expect(results[0]).toEqual({
      status: 503,
      error: { code: "unavailable", message: "the article table is throttled" },
      retryAfterSeconds: 5,
    });
    expect(results[1]).toMatchObject({ status: 201 });
  });
});
