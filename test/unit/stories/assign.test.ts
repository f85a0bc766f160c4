import { describe, expect, it } from "vitest";
import { assignStory, STORY_RULES } from "../../../lambdas/core/stories/assign.ts";
import { MemoryStoryIndex } from "../../../lambdas/core/stories/memory-index.ts";
import type { StoryIndex } from "../../../lambdas/core/stories/story.ts";
import {
  article,
  EARNINGS_Q1,
  EARNINGS_Q2,
  ORIGINAL,
  OTHER_EXPULSION,
  REHEADLINED,
  TRIMMED_WITH_CREDIT,
  UPDATE_WITH_DEADLINE,
} from "../../support/story-texts.ts";

const TOPICS = ["expulsions", "intelligence"];

describe("assignStory", () => {
  it("puts the original and its syndicated copies in one story, counting copies and sources", async () => {
    const index = new MemoryStoryIndex();
    const first = await assignStory(article(ORIGINAL, TOPICS), index);
    expect(first).toMatchObject({
      outcome: "new",
      newTopics: TOPICS,
      priorTopics: [],
      copies: 1,
      sources: 1,
    });
    const trimmed = await assignStory(article(TRIMMED_WITH_CREDIT, TOPICS, { source: "Sample Post" }), index);
    const reheadlined = await assignStory(article(REHEADLINED, TOPICS, { source: "Example Daily" }), index);
    expect(trimmed).toMatchObject({
      storyId: first.storyId,
      outcome: "joined",
      newTopics: [],
      copies: 2,
      sources: 2,
    });
    expect(reheadlined).toMatchObject({
      storyId: first.storyId,
      outcome: "joined",
      newTopics: [],
      copies: 3,
      sources: 3,
    });
    expect(index.stories.size).toBe(1);
  });

  it("puts a brief cut from the top of the story in the story", async () => {
    const index = new MemoryStoryIndex();
    const first = await assignStory(article(ORIGINAL, TOPICS), index);
    const brief = {
      title: "Valdoria expels four diplomats",
      body: `NORDHAVEN (Sample Post) - ${ORIGINAL.body.split("\n\n")[0]} (Reporting by Ana Lind)`,
    };
    expect(await assignStory(article(brief, ["expulsions"], { source: "Sample Post" }), index)).toMatchObject(
      {
        storyId: first.storyId,
        outcome: "joined",
        newTopics: [],
      },
    );
  });

  it("lets an article no topic matched join a story, but not start one", async () => {
    const index = new MemoryStoryIndex();
    const untagged = await assignStory(article(EARNINGS_Q1, []), index, STORY_RULES, { create: false });
    expect(untagged).toBeUndefined();
    expect(index.stories.size).toBe(0);
    const first = await assignStory(article(ORIGINAL, TOPICS), index);
    const copy = await assignStory(
      article(TRIMMED_WITH_CREDIT, [], { source: "Sample Post" }),
      index,
      STORY_RULES,
      {
        create: false,
      },
    );
    expect(copy).toMatchObject({ storyId: first.storyId, outcome: "joined", newTopics: [], sources: 2 });
  });

  it("counts one outlet once, however many of its copies arrive", async () => {
    const index = new MemoryStoryIndex();
    await assignStory(article(ORIGINAL, TOPICS), index);
    const again = await assignStory(article(TRIMMED_WITH_CREDIT, TOPICS), index);
    expect(again).toMatchObject({ copies: 2, sources: 1 });
  });

  it("reports only the topics a copy adds, and what the story had before", async () => {
    const index = new MemoryStoryIndex();
    const first = await assignStory(article(ORIGINAL, TOPICS), index);
    const update = await assignStory(
      article(UPDATE_WITH_DEADLINE, [...TOPICS, "deadline"], { publishedAt: "2026-03-03T13:00:00.000Z" }),
      index,
    );
    expect(update).toMatchObject({
      storyId: first.storyId,
      outcome: "joined",
      newTopics: ["deadline"],
      priorTopics: TOPICS,
    });
    expect((await index.getStory(first.storyId))?.topics).toEqual([...TOPICS, "deadline"]);
  });

  it("keeps distinct stories on the same topic, country or company apart", async () => {
    const index = new MemoryStoryIndex();
    const a = await assignStory(article(ORIGINAL, TOPICS), index);
    const b = await assignStory(article(OTHER_EXPULSION, ["expulsions", "deadline"]), index);
    const q1 = await assignStory(article(EARNINGS_Q1, []), index);
    const q2 = await assignStory(article(EARNINGS_Q2, []), index);
    expect(new Set([a.storyId, b.storyId, q1.storyId, q2.storyId]).size).toBe(4);
    expect([a, b, q1, q2].every((x) => x.outcome === "new")).toBe(true);
  });

  it("starts a new story for a copy published outside the window", async () => {
    const index = new MemoryStoryIndex();
    const first = await assignStory(article(ORIGINAL, TOPICS), index);
    const late = new Date(
      Date.parse("2026-03-03T09:00:00.000Z") + STORY_RULES.windowMs + 60_000,
    ).toISOString();
    const copy = await assignStory(article(TRIMMED_WITH_CREDIT, TOPICS, { publishedAt: late }), index);
    expect(copy.outcome).toBe("new");
    expect(copy.storyId).not.toBe(first.storyId);
    const narrow = { ...STORY_RULES, windowMs: 3600_000 };
    const index2 = new MemoryStoryIndex();
    await assignStory(article(ORIGINAL, TOPICS), index2, narrow);
    const twoHours = await assignStory(
      article(TRIMMED_WITH_CREDIT, TOPICS, { publishedAt: "2026-03-03T11:00:00.000Z" }),
      index2,
      narrow,
    );
    expect(twoHours.outcome).toBe("new");
  });

  it("is idempotent per article: a retry gets the recorded assignment and changes nothing", async () => {
    const index = new MemoryStoryIndex();
    const original = article(ORIGINAL, TOPICS);
    const update = article(UPDATE_WITH_DEADLINE, [...TOPICS, "deadline"]);
    const first = await assignStory(original, index);
    const joined = await assignStory(update, index);
    const storyBefore = await index.getStory(first.storyId);
    // The same story, outcome and topics; the counts are the story's as it is now.
    expect(await assignStory(original, index)).toEqual({ ...first, copies: 2 });
    expect(await assignStory(update, index)).toEqual(joined);
    expect(await index.getStory(first.storyId)).toEqual(storyBefore);
  });

  it("retries a join that lost a race, with the topics computed again from the story it re-reads", async () => {
    const base = new MemoryStoryIndex();
    const first = await assignStory(article(ORIGINAL, TOPICS), base);
    let raced = false;
    // Another copy, adding "deadline", lands between our read and our conditional update.
    const racing: StoryIndex = Object.create(base, {
      addMember: {
        value: async (...args: Parameters<StoryIndex["addMember"]>) => {
          if (!raced) {
            raced = true;
            await base.addMember(
              first.storyId,
              {
                articleId: "other",
                publishedAt: "2026-03-03T09:30:00.000Z",
                source: "x",
                topics: ["deadline"],
                newTopics: ["deadline"],
              },
              { topics: [...TOPICS, "deadline"], latestPublishedAt: "2026-03-03T09:30:00.000Z" },
              1,
            );
          }
          return base.addMember(...args);
        },
      },
    });
    const copy = await assignStory(article(UPDATE_WITH_DEADLINE, [...TOPICS, "deadline"]), racing);
    expect(raced).toBe(true);
    expect(copy).toMatchObject({ outcome: "joined", newTopics: [], copies: 3 });
  });
});
