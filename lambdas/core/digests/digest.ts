/**
 * Digests: one message per group of subscribers (same cadence, same topic set) per period, listing each story
 * once. Pure: no I/O.
 *
 * A story belongs to the period in which its first article on one of the group's topics was published. Articles
 * published in the previous period but stored only during this one (a feed polled late) are taken in as well, so
 * a late arrival is in the next digest rather than in none.
 */
import {
  alertDeadline,
  gsm7Length,
  inertJson,
  MAX_SUBJECT_LENGTH,
  plainLine,
  SUBJECT_PREFIX,
  smsBudget,
  toAscii,
  toGsm7,
  truncate,
} from "../alerts/alert.ts";
import type { DigestCadence } from "../alerts/filter-policy.ts";
import type { DeadlineInfo, TaggedArticle } from "../article.ts";
import type { Alert } from "../ports.ts";
import { type Story, sourceCount } from "../stories/story.ts";

export const PERIOD_MS: Record<DigestCadence, number> = { daily: 86_400_000, weekly: 7 * 86_400_000 };

export interface DigestPeriod {
  cadence: DigestCadence;
  /** Inclusive start (ISO). */
  from: string;
  /** Exclusive end (ISO): the schedule's time. */
  to: string;
}

export function digestPeriod(cadence: DigestCadence, time: Date): DigestPeriod {
  const to = time.getTime();
  return { cadence, from: new Date(to - PERIOD_MS[cadence]).toISOString(), to: new Date(to).toISOString() };
}

export interface DigestEntry {
  storyId: string;
  articleId: string;
  title: string;
  url?: string;
  source?: string;
  publishedAt: string;
  /** The group's topics the story matched. */
  topics: string[];
  /** One evidence sentence per matched topic. */
  evidence: { topic: string; evidence: string }[];
  deadline: DeadlineInfo | null;
  /** Distinct sources and copies of the story when the digest was made. */
  sources: number;
  copies: number;
}

const storyOf = (a: TaggedArticle) => a.story?.storyId ?? a.id;

/**
 * The stories of the period for a group's topics, each once (however many of the topics and copies it has),
 * oldest first.
 */
export function selectDigestEntries(
  articles: readonly TaggedArticle[],
  stories: ReadonlyMap<string, Story>,
  topics: readonly string[],
  period: DigestPeriod,
): DigestEntry[] {
  const wanted = new Set(topics);
  const length = Date.parse(period.to) - Date.parse(period.from);
  const previous = new Date(Date.parse(period.from) - length).toISOString();
  const inPeriod = (a: TaggedArticle) =>
    (a.publishedAt >= period.from && a.publishedAt < period.to) ||
    (a.publishedAt >= previous &&
      a.publishedAt < period.from &&
      a.ingestedAt >= period.from &&
      a.ingestedAt < period.to);
  const byStory = new Map<string, TaggedArticle[]>();
  const seen = new Set<string>();
  for (const a of articles) {
    if (seen.has(a.id) || !a.tags.some((t) => wanted.has(t.topic)) || !inPeriod(a)) continue;
    seen.add(a.id);
    byStory.set(storyOf(a), [...(byStory.get(storyOf(a)) ?? []), a]);
  }
  const entries: DigestEntry[] = [];
  for (const [storyId, list] of byStory) {
    list.sort((x, y) => x.publishedAt.localeCompare(y.publishedAt));
    const first = list[0] as TaggedArticle;
    const story = stories.get(storyId);
    if (story) {
      // Only in the digest of the period where the story first matched these topics.
      const earliest = Object.values(story.members)
        .filter((m) => m.topics.some((t) => wanted.has(t)))
        .map((m) => m.publishedAt)
        .sort()[0];
      if (earliest && earliest < first.publishedAt) continue;
    }
    const matched = [...new Set(list.flatMap((a) => a.tags.map((t) => t.topic)))].filter((t) =>
      wanted.has(t),
    );
    const evidence = matched.map((topic) => ({
      topic,
      evidence: list.flatMap((a) => a.tags).find((t) => t.topic === topic)?.evidence ?? "",
    }));
    entries.push({
      storyId,
      articleId: first.id,
      title: first.title,
      ...(first.url ? { url: first.url } : {}),
      ...(first.source ? { source: first.source } : {}),
      publishedAt: first.publishedAt,
      topics: matched,
      evidence,
      deadline: list.map((a) => alertDeadline(a)).find((d) => d) ?? null,
      sources: story ? sourceCount(story) : new Set(list.map((a) => a.source ?? a.id)).size,
      copies: story ? Object.keys(story.members).length : list.length,
    });
  }
  return entries.sort((x, y) => x.publishedAt.localeCompare(y.publishedAt));
}

export interface DigestPayload {
  kind: "wirewatch.digest";
  version: 1;
  group: string;
  cadence: DigestCadence;
  topics: string[];
  period: { from: string; to: string };
  stories: DigestEntry[];
}

const day = (iso: string) => iso.slice(0, 10);
const countStories = (n: number) => `${n} ${n === 1 ? "story" : "stories"}`;

export function digestSubject(
  group: { cadence: DigestCadence; topics: string[] },
  period: DigestPeriod,
  n: number,
): string {
  const text = `${SUBJECT_PREFIX} ${group.cadence} digest ${day(period.to)}: ${countStories(n)} on ${group.topics.join(", ")}`;
  return truncate(toAscii(text), MAX_SUBJECT_LENGTH, { ellipsis: "..." });
}

export function digestEmail(
  group: { cadence: DigestCadence; topics: string[] },
  period: DigestPeriod,
  entries: readonly DigestEntry[],
): string {
  const lines = [
    `Your ${group.cadence} wirewatch digest: ${countStories(entries.length)} on ${group.topics.join(", ")}`,
    `From ${period.from} to ${period.to}`,
    "",
  ];
  entries.forEach((e, i) => {
    lines.push(`${i + 1}. ${plainLine(e.title)}`);
    lines.push(`   Topics: ${e.topics.join(", ")}`);
    if (e.deadline) {
      const phrase = plainLine(e.deadline.phrase);
      lines.push(`   Deadline: ${e.deadline.date ? `${phrase} (${e.deadline.date})` : phrase}`);
    }
    for (const ev of e.evidence) lines.push(`   - ${ev.topic}: "${plainLine(ev.evidence)}"`);
    const from = [e.source ? plainLine(e.source) : "", e.sources > 1 ? `${e.sources} sources` : ""].filter(
      Boolean,
    );
    if (from.length) lines.push(`   Source: ${from.join(", ")}`);
    lines.push(`   Published: ${e.publishedAt}`);
    if (e.url) lines.push(`   Link: ${plainLine(e.url)}`);
    lines.push("");
  });
  lines.push(
    "--",
    `You receive this because you subscribed to a ${group.cadence} wirewatch digest on these topics.`,
  );
  return lines.join("\n");
}

export function digestSms(
  group: { cadence: DigestCadence },
  period: DigestPeriod,
  entries: readonly DigestEntry[],
  budget: number = smsBudget(),
): string {
  const measure = gsm7Length;
  const head = `[${group.cadence} digest ${day(period.to)}] ${countStories(entries.length)}: `;
  const titles = entries.map((e) => toGsm7(plainLine(e.title))).join("; ");
  return truncate(head + titles, budget, { ellipsis: "...", measure });
}

export function buildDigest(
  group: string,
  parsed: { cadence: DigestCadence; topics: string[] },
  period: DigestPeriod,
  entries: readonly DigestEntry[],
): Alert {
  const payload: DigestPayload = {
    kind: "wirewatch.digest",
    version: 1,
    group,
    cadence: parsed.cadence,
    topics: parsed.topics,
    period: { from: period.from, to: period.to },
    stories: [...entries],
  };
  return {
    articleId: group,
    kind: "digest",
    digestGroup: group,
    topics: parsed.topics,
    subject: digestSubject(parsed, period, entries.length),
    message: {
      default: inertJson(payload),
      email: digestEmail(parsed, period, entries),
      sms: digestSms(parsed, period, entries),
    },
  };
}

/** The Input of a digest schedule: the scheduled event of CONVENTIONS.md, `time` filled in by Scheduler. */
export function digestScheduleInput(cadence: DigestCadence): string {
  return JSON.stringify({
    version: "0",
    source: "wirewatch.schedule",
    "detail-type": "Send digest",
    time: "<aws.scheduler.scheduled-time>",
    detail: { cadence },
  });
}

/** When digests go out (EventBridge Scheduler cron, UTC): daily at 07:00, weekly on Monday at 07:00. */
export const DIGEST_SCHEDULES: Record<DigestCadence, string> = {
  daily: "cron(0 7 * * ? *)",
  weekly: "cron(0 7 ? * MON *)",
};
