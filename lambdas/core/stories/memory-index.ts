import type { Story, StoryCandidate, StoryIndex, StoryMember } from "./story.ts";

/**
 * A StoryIndex in memory, with the same conditional semantics as the table adapter. For the story evaluation
 * (thousands of articles without a database) and for code paths that tag without storing (explain).
 */
export class MemoryStoryIndex implements StoryIndex {
  readonly stories = new Map<string, Story>();
  readonly buckets = new Map<string, Map<string, StoryCandidate>>();

  async getStory(storyId: string): Promise<Story | undefined> {
    const s = this.stories.get(storyId);
    return s ? structuredClone(s) : undefined;
  }

  async getStories(storyIds: readonly string[]): Promise<Story[]> {
    return storyIds.flatMap((id) => {
      const s = this.stories.get(id);
      return s ? [structuredClone(s)] : [];
    });
  }

  async candidates(bandKeys: readonly string[]): Promise<StoryCandidate[]> {
    const out = new Map<string, StoryCandidate>();
    for (const key of bandKeys) for (const [id, c] of this.buckets.get(key) ?? []) out.set(id, c);
    return [...out.values()];
  }

  async createStory(story: Story): Promise<"created" | "exists"> {
    if (this.stories.has(story.storyId)) return "exists";
    this.stories.set(story.storyId, structuredClone(story));
    return "created";
  }

  async addBuckets(story: StoryCandidate, bandKeys: readonly string[]): Promise<void> {
    for (const key of bandKeys) {
      const bucket = this.buckets.get(key) ?? new Map<string, StoryCandidate>();
      bucket.set(story.storyId, { storyId: story.storyId, firstPublishedAt: story.firstPublishedAt });
      this.buckets.set(key, bucket);
    }
  }

  async addMember(
    storyId: string,
    member: StoryMember,
    change: { topics: string[]; latestPublishedAt: string },
    expectedVersion: number,
  ): Promise<"added" | "conflict"> {
    const s = this.stories.get(storyId);
    if (!s || s.version !== expectedVersion || s.members[member.articleId]) return "conflict";
    s.members[member.articleId] = structuredClone(member);
    s.topics = change.topics;
    s.latestPublishedAt = change.latestPublishedAt;
    s.version++;
    return "added";
  }
}
