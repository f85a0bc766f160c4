/**
 * Story assignment at its edges: inclusive thresholds and window, the choice between several matching stories,
 * stored members without signatures, the 16 signed members a story keeps, lost races (a join retried at most 8
 * times, a creation that finds the story made by a concurrent attempt), the buckets' expiry, and what a member
 * records (source, deadline). Also the story helpers (`sourceKey`, `currentDeadline`) and the in-memory index's
 * conditional writes, which the story evaluation relies on.
 */
import { describe, expect, it } from "vitest";
import {
  assignStory,
  matchScore,
  STORY_RULES,
  type StoryRules,
} from "../../../lambdas/core/stories/assign.ts";
import {
  bandKeys,
  encodeSignature,
  fingerprint,
  leadContainment,
  similarity,
} from "../../../lambdas/core/stories/fingerprint.ts";
import { MemoryStoryIndex } from "../../../lambdas/core/stories/memory-index.ts";
import {
  currentDeadline,
  type Story,
  type StoryIndex,
  type StoryMember,
  sourceCount,
  sourceKey,
} from "../../../lambdas/core/stories/story.ts";
import { article, ORIGINAL, OTHER_EXPULSION, TRIMMED_WITH_CREDIT } from "../../support/story-texts.ts";

const TOPICS = ["expulsions"];
const HOUR = 3600_000;
const at = (iso: string, plusMs: number) => new Date(Date.parse(iso) + plusMs).toISOString();
const T0 = "2026-03-03T09:00:00.000Z";

/** An index that records the calls made to it, around a MemoryStoryIndex (or the given overrides). */
function recording(overrides: Partial<StoryIndex> = {}) {
  const base = new MemoryStoryIndex();
  const calls = { addMember: 0, createStory: 0, buckets: [] as { storyId: string; expiresAt: number }[] };
  const index: StoryIndex = {
    getStory: (id) => base.getStory(id),
    getStories: (ids) => base.getStories(ids),
    candidates: (keys) => base.candidates(keys),
    createStory: async (story) => {
      calls.createStory++;
      return overrides.createStory ? overrides.createStory(story) : base.createStory(story);
    },
    addBuckets: async (story, keys, expiresAt) => {
      calls.buckets.push({ storyId: story.storyId, expiresAt });
      return base.addBuckets(story, keys);
    },
    addMember: async (...args) => {
      calls.addMember++;
      return overrides.addMember ? overrides.addMember(...args) : base.addMember(...args);
    },
  };
  return { base, index, calls };
}

/** A story whose only member carries the fingerprint of `text`, found through that fingerprint's buckets. */
async function storedStory(
  index: MemoryStoryIndex,
  storyId: string,
  text: { title: string; body: string },
  firstPublishedAt = T0,
  memberExtra: Partial<StoryMember> = {},
) {
  const fp = fingerprint({ title: text.title, text: text.body }, STORY_RULES.params);
  const member: StoryMember = {
    articleId: storyId,
    publishedAt: firstPublishedAt,
    source: `outlet-${storyId}`,
    topics: TOPICS,
    newTopics: TOPICS,
    signature: encodeSignature(fp.signature),
    shingles: fp.shingles,
    ...(fp.lead ? { lead: encodeSignature(fp.lead), bodyShingles: fp.bodyShingles ?? 0 } : {}),
    ...memberExtra,
  };
  const story: Story = {
    storyId,
    firstArticleId: storyId,
    title: text.title,
    firstPublishedAt,
    latestPublishedAt: firstPublishedAt,
    topics: TOPICS,
    members: { [storyId]: member },
    version: 1,
  };
  await index.createStory(story);
  await index.addBuckets(story, bandKeys(fp, STORY_RULES.params.bands));
  return story;
}

describe("matching rules", () => {
  const fpOf = (t: { title: string; body: string }) =>
    fingerprint({ title: t.title, text: t.body }, STORY_RULES.params);
  const copy = fpOf(TRIMMED_WITH_CREDIT);
  const never = { jaccard: 2, containment: 2, leadContainment: 2 };

  it("joins at exactly the Jaccard threshold", async () => {
    const index = new MemoryStoryIndex();
    const story = await storedStory(index, "s1", ORIGINAL);
    const s = similarity(copy, fpOf(ORIGINAL));
    expect(matchScore(story, copy, { ...STORY_RULES, ...never, jaccard: s.jaccard })).toBe(s.jaccard);
    expect(matchScore(story, copy, { ...STORY_RULES, ...never, jaccard: s.jaccard + 1e-9 })).toBe(0);
  });

  it("joins a trimmed copy at exactly the containment threshold and size, and not below either", async () => {
    const index = new MemoryStoryIndex();
    const story = await storedStory(index, "s1", ORIGINAL);
    const s = similarity(copy, fpOf(ORIGINAL));
    const rules = { ...STORY_RULES, ...never, containment: s.containment, containmentMinShingles: s.smaller };
    expect(matchScore(story, copy, rules)).toBe(s.containment);
    expect(matchScore(story, copy, { ...rules, containment: s.containment + 1e-9 })).toBe(0);
    expect(matchScore(story, copy, { ...rules, containmentMinShingles: s.smaller + 1 })).toBe(0);
  });

  it("joins a brief by its lead at exactly the lead threshold and size, and not below either", async () => {
    const index = new MemoryStoryIndex();
    const story = await storedStory(index, "s1", ORIGINAL);
    const brief = fpOf({
      title: "Valdoria expels four diplomats",
      body: ORIGINAL.body.split("\n\n")[0] ?? "",
    });
    const lead = leadContainment(brief, fpOf(ORIGINAL));
    if (!lead) throw new Error("the brief should have a lead measure");
    const rules = {
      ...STORY_RULES,
      ...never,
      leadContainment: lead.containment,
      leadMinShingles: lead.smaller,
    };
    expect(matchScore(story, brief, rules)).toBe(lead.containment);
    expect(matchScore(story, brief, { ...rules, leadContainment: lead.containment + 1e-9 })).toBe(0);
    expect(matchScore(story, brief, { ...rules, leadMinShingles: lead.smaller + 1 })).toBe(0);
  });

  it("compares only with members that kept their signature", async () => {
    const index = new MemoryStoryIndex();
    const unsigned = await storedStory(index, "s1", ORIGINAL, T0, { signature: undefined });
    expect(matchScore(unsigned, fpOf(ORIGINAL), STORY_RULES)).toBe(0);
    const noCount = await storedStory(index, "s2", ORIGINAL, T0, { shingles: undefined });
    expect(matchScore(noCount, fpOf(ORIGINAL), STORY_RULES)).toBe(0);
  });

  it("still matches members stored before leads were kept", async () => {
    const index = new MemoryStoryIndex();
    const older = await storedStory(index, "s1", ORIGINAL, T0, { lead: undefined, bodyShingles: undefined });
    expect(matchScore(older, fpOf(ORIGINAL), STORY_RULES)).toBe(1);
    const copyOf = await assignStory(article(ORIGINAL, TOPICS, { source: "Other Wire" }), index);
    expect(copyOf).toMatchObject({ storyId: "s1", outcome: "joined" });
  });

  it("keeps the lead of each signed member, so a brief finds the story by it", async () => {
    const index = new MemoryStoryIndex();
    const first = await assignStory(article(ORIGINAL, TOPICS), index);
    const member = (await index.getStory(first.storyId))?.members[first.storyId];
    expect(member?.lead).toEqual(expect.any(String));
    expect(member?.bodyShingles).toBeGreaterThan(0);
    const brief = article(
      { title: "Valdoria expels four diplomats", body: ORIGINAL.body.split("\n\n")[0] ?? "" },
      TOPICS,
      { source: "Brief Wire" },
    );
    const rules: StoryRules = { ...STORY_RULES, jaccard: 2, containment: 2 };
    expect(await assignStory(brief, index, rules)).toMatchObject({
      storyId: first.storyId,
      outcome: "joined",
    });
  });
});

/** The index with its stories read back in the order given (the order of candidates must not matter). */
function inOrder(index: MemoryStoryIndex, order: string[]): StoryIndex {
  return Object.create(index, {
    getStories: {
      value: async (ids: readonly string[]) =>
        (await index.getStories(ids)).sort((x, y) => order.indexOf(x.storyId) - order.indexOf(y.storyId)),
    },
  });
}

describe("which story a copy joins", () => {
  it("joins the story it matches best", async () => {
    const index = new MemoryStoryIndex();
    // The story with one paragraph in other words: a close match, but not as close as the same text.
    const paragraphs = ORIGINAL.body.split("\n\n");
    const reworded = {
      ...ORIGINAL,
      body: [...paragraphs.slice(0, 5), OTHER_EXPULSION.body.split("\n\n")[1]].join("\n\n"),
    };
    await storedStory(index, "weaker", reworded);
    await storedStory(index, "exact", ORIGINAL);
    await storedStory(index, "other", OTHER_EXPULSION);
    const copy = await assignStory(
      article(ORIGINAL, TOPICS, { source: "Other Wire" }),
      inOrder(index, ["weaker", "exact", "other"]),
    );
    expect(copy).toMatchObject({ storyId: "exact", outcome: "joined" });
  });

  it("between equally good stories, joins the one that started first", async () => {
    const index = new MemoryStoryIndex();
    await storedStory(index, "later", ORIGINAL, at(T0, HOUR));
    await storedStory(index, "earlier", ORIGINAL, T0);
    await storedStory(index, "latest", ORIGINAL, at(T0, 2 * HOUR));
    const copy = await assignStory(
      article(ORIGINAL, TOPICS, { source: "Other Wire", publishedAt: at(T0, 3 * HOUR) }),
      inOrder(index, ["later", "earlier", "latest"]),
    );
    expect(copy).toMatchObject({ storyId: "earlier", outcome: "joined" });
  });

  it("joins a copy published exactly at the window's end, and starts a new story a millisecond later", async () => {
    const index = new MemoryStoryIndex();
    const first = await assignStory(article(ORIGINAL, TOPICS, { publishedAt: T0 }), index);
    const edge = await assignStory(
      article(ORIGINAL, TOPICS, { source: "Edge Wire", publishedAt: at(T0, STORY_RULES.windowMs) }),
      index,
    );
    expect(edge).toMatchObject({ storyId: first.storyId, outcome: "joined" });
    const before = await assignStory(
      article(ORIGINAL, TOPICS, { source: "Early Wire", publishedAt: at(T0, -STORY_RULES.windowMs - 1) }),
      index,
    );
    expect(before.outcome).toBe("new");
  });

  it("keeps the signatures of the first 16 members only, and adds buckets only for those", async () => {
    const { index, base, calls } = recording();
    const first = await assignStory(article(ORIGINAL, TOPICS), index);
    for (let i = 2; i <= 17; i++)
      await assignStory(article(ORIGINAL, TOPICS, { source: `Outlet ${i}`, id: `copy-${i}` }), index);
    const story = (await base.getStory(first.storyId)) as Story;
    expect(Object.keys(story.members)).toHaveLength(17);
    expect(story.members["copy-16"]?.signature).toEqual(expect.any(String));
    expect(story.members["copy-17"]).toMatchObject({ articleId: "copy-17", newTopics: [] });
    expect(story.members["copy-17"]?.signature).toBeUndefined();
    expect(story.members["copy-17"]?.lead).toBeUndefined();
    // One addBuckets for the new story and one per signed copy (15 of them); none for the 17th.
    expect(calls.buckets).toHaveLength(16);
  });
});

describe("lost races", () => {
  it("gives up joining after 8 conflicts in a row and starts a story of its own", async () => {
    const { index, base, calls } = recording({ addMember: async () => "conflict" });
    const first = await assignStory(article(ORIGINAL, TOPICS), index);
    const copy = await assignStory(article(ORIGINAL, TOPICS, { source: "Other Wire", id: "copy-1" }), index);
    expect(calls.addMember).toBe(8);
    expect(copy).toMatchObject({ storyId: "copy-1", outcome: "new" });
    expect(base.stories.has(first.storyId)).toBe(true);
  });

  it("takes the assignment a concurrent attempt of the same article recorded while it retried", async () => {
    const { index, base } = recording();
    const first = await assignStory(article(ORIGINAL, TOPICS), index);
    const copy = article(ORIGINAL, TOPICS, { source: "Other Wire", id: "copy-1" });
    let raced = false;
    const racing: StoryIndex = {
      getStory: (id) => base.getStory(id),
      getStories: (ids) => base.getStories(ids),
      candidates: (keys) => base.candidates(keys),
      addBuckets: (s, keys) => base.addBuckets(s, keys),
      createStory: (s) => base.createStory(s),
      addMember: async (storyId, member, change, version) => {
        if (!raced) {
          raced = true;
          // The other attempt wins the write; ours then conflicts.
          await base.addMember(storyId, { ...member, newTopics: ["expulsions"] }, change, version);
          return "conflict";
        }
        return base.addMember(storyId, member, change, version);
      },
    };
    const result = await assignStory(copy, racing);
    expect(result).toEqual({
      storyId: first.storyId,
      outcome: "joined",
      // What the winning attempt recorded, not what this one would have computed (no new topics).
      newTopics: ["expulsions"],
      priorTopics: ["expulsions"],
      copies: 2,
      sources: 2,
    });
    expect(Object.keys((await base.getStory(first.storyId))?.members ?? {})).toHaveLength(2);
  });

  it("uses the story a concurrent attempt created when its own creation finds it there", async () => {
    const a = article(ORIGINAL, TOPICS, { id: "first-1" });
    const { index, base } = recording({
      createStory: async (story) => {
        // The concurrent attempt created the story, and a copy joined it, just before us.
        await base.createStory({
          ...story,
          members: {
            ...story.members,
            other: { ...(story.members["first-1"] as StoryMember), articleId: "other", source: "o" },
          },
        });
        return "exists";
      },
    });
    expect(await assignStory(a, index)).toMatchObject({
      storyId: "first-1",
      outcome: "new",
      copies: 2,
      sources: 2,
    });
  });
});

describe("what a story records", () => {
  it("keeps the first article's link, and no link when it has none", async () => {
    const index = new MemoryStoryIndex();
    const withUrl = await assignStory(article(ORIGINAL, TOPICS), index);
    expect((await index.getStory(withUrl.storyId))?.url).toMatch(/^https:\/\/news\.example\.org\//);
    const noUrl = { ...article(OTHER_EXPULSION, TOPICS), url: undefined };
    const other = await assignStory(noUrl, index);
    expect(await index.getStory(other.storyId)).not.toHaveProperty("url");
  });

  it("records the deadline date of the first tag that resolved one, and none without a date", async () => {
    const index = new MemoryStoryIndex();
    const dated = article(ORIGINAL, ["expulsions", "deadline"], {
      deadline: { phrase: "by Friday", date: "2026-03-06" },
    });
    const first = await assignStory(dated, index);
    expect((await index.getStory(first.storyId))?.members[first.storyId]?.deadline).toBe("2026-03-06");
    const undated = await assignStory(article(OTHER_EXPULSION, ["expulsions", "deadline"]), index);
    expect((await index.getStory(undated.storyId))?.members[undated.storyId]).not.toHaveProperty("deadline");
  });

  it("lets the story's buckets expire a day after the window closes, counted from the later of publication and ingest", async () => {
    const { index, calls } = recording();
    const published = article(ORIGINAL, TOPICS, { publishedAt: T0 });
    await assignStory({ ...published, ingestedAt: at(T0, 5 * HOUR) }, index);
    const expected = (from: string) =>
      Math.ceil((Date.parse(from) + STORY_RULES.windowMs + 24 * HOUR) / 1000);
    expect(calls.buckets.at(-1)?.expiresAt).toBe(expected(at(T0, 5 * HOUR)));
    // An article published after it was ingested (a clock ahead) counts from its publication.
    const ahead = article(OTHER_EXPULSION, TOPICS, { publishedAt: at(T0, 2 * HOUR) });
    await assignStory({ ...ahead, ingestedAt: T0 }, index);
    expect(calls.buckets.at(-1)?.expiresAt).toBe(expected(at(T0, 2 * HOUR)));
    // No ingest time: from the publication.
    const unknown = article(
      { title: "Port reopens", body: "The port reopened on Monday after the strike ended." },
      TOPICS,
    );
    await assignStory({ ...unknown, ingestedAt: "" }, index);
    expect(calls.buckets.at(-1)?.expiresAt).toBe(expected(unknown.publishedAt));
  });
});

describe("sources", () => {
  it("names an outlet by its source, case and spacing folded", () => {
    expect(sourceKey({ id: "a1", source: "  Sample   POST ", url: "https://www.sample.test/x" })).toBe(
      "sample post",
    );
  });

  it("falls back to the link's host without www, then to the article itself", () => {
    expect(sourceKey({ id: "a1", source: "  ", url: "https://www.sample.test/x" })).toBe("sample.test");
    expect(sourceKey({ id: "a1", url: "https://news.www.test/x" })).toBe("news.www.test");
    expect(sourceKey({ id: "a1", url: "not a url" })).toBe("article:a1");
    expect(sourceKey({ id: "a1" })).toBe("article:a1");
  });

  it("counts distinct sources among the members", () => {
    const m = (articleId: string, source: string) =>
      ({ articleId, source, publishedAt: T0, topics: [], newTopics: [] }) as StoryMember;
    expect(sourceCount({ members: { a: m("a", "x"), b: m("b", "y"), c: m("c", "x") } })).toBe(2);
  });
});

describe("currentDeadline", () => {
  const m = (articleId: string, publishedAt: string, deadline?: string): StoryMember => ({
    articleId,
    publishedAt,
    source: articleId,
    topics: ["deadline"],
    newTopics: [],
    ...(deadline ? { deadline } : {}),
  });

  it("is the date of the latest copy that dates the deadline, skipping later copies without one", () => {
    const members = {
      a: m("a", "2026-05-01T08:00:00Z", "2026-05-10"),
      b: m("b", "2026-05-02T08:00:00Z", "2026-05-17"),
      c: m("c", "2026-05-03T08:00:00Z"),
      d: m("d", "2026-04-30T08:00:00Z", "2026-05-03"),
    };
    expect(currentDeadline({ members })).toEqual({ date: "2026-05-17", articleId: "b" });
  });

  it("between copies published at the same time, takes the higher article id", () => {
    const members = {
      b: m("b", "2026-05-02T08:00:00Z", "2026-05-20"),
      c: m("c", "2026-05-02T08:00:00Z", "2026-05-12"),
      a: m("a", "2026-05-02T08:00:00Z", "2026-05-10"),
    };
    expect(currentDeadline({ members })).toEqual({ date: "2026-05-12", articleId: "c" });
  });

  it("is undefined when no copy dates a deadline", () => {
    expect(currentDeadline({ members: { a: m("a", "2026-05-02T08:00:00Z") } })).toBeUndefined();
    expect(currentDeadline({ members: {} })).toBeUndefined();
  });
});

describe("MemoryStoryIndex", () => {
  it("creates a story once, and adds a member only at the version read and only once", async () => {
    const index = new MemoryStoryIndex();
    const story: Story = {
      storyId: "s1",
      firstArticleId: "s1",
      title: "t",
      firstPublishedAt: T0,
      latestPublishedAt: T0,
      topics: ["expulsions"],
      members: {},
      version: 1,
    };
    expect(await index.createStory(story)).toBe("created");
    expect(await index.createStory({ ...story, title: "other" })).toBe("exists");
    expect((await index.getStory("s1"))?.title).toBe("t");
    const member = { articleId: "a2", publishedAt: T0, source: "x", topics: [], newTopics: [] };
    const change = { topics: ["expulsions", "deadline"], latestPublishedAt: at(T0, HOUR) };
    expect(await index.addMember("s1", member, change, 2)).toBe("conflict");
    expect(await index.addMember("s1", member, change, 1)).toBe("added");
    expect(await index.addMember("s1", member, change, 2)).toBe("conflict");
    expect(await index.addMember("nope", member, change, 1)).toBe("conflict");
    expect(await index.getStory("s1")).toMatchObject({ version: 2, ...change, members: { a2: member } });
    expect(await index.getStories(["s1", "nope"])).toHaveLength(1);
  });

  it("finds nothing for keys no story has", async () => {
    expect(await new MemoryStoryIndex().candidates(["0:00000000"])).toEqual([]);
  });
});
