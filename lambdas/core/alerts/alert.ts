/**
 * Alert text for every channel, from one tagged article. Pure: no I/O, no AWS.
 *
 * The result is published with SNS `MessageStructure: "json"`, so `message` holds one body per protocol:
 * `email` (plain text, with `subject`), `sms` (one GSM-7 segment whenever possible) and `default`
 * (the full structured alert as JSON, for HTTPS, SQS and Lambda subscribers).
 */
import { escapeUTF8 } from "entities";
import type { Article, DeadlineInfo, TaggedArticle, TopicTag } from "../article.ts";
import type { Alert } from "../ports.ts";
import { normaliseTitle } from "../text/normalise-text.ts";

/** SNS rejects subjects of 100 characters or more; they must be ASCII without line breaks. */
export const MAX_SUBJECT_LENGTH = 99;
/** One GSM-7 SMS segment, in septets. */
export const SMS_SEGMENT_UNITS = 160;
/** One UCS-2 SMS segment, in UTF-16 units: what a single non-GSM character would force. */
export const UCS2_SEGMENT_UNITS = 70;
export const SUBJECT_PREFIX = "[wirewatch]";
/**
 * The alerts topic's display name (infra should set the topic's `displayName` from this). SNS starts every SMS
 * sent from a topic with the display name in capitals and "> " ("WIREWATCH ALERTS> ..."), so the SMS text
 * budget leaves room for it.
 */
export const ALERTS_TOPIC_DISPLAY_NAME = "wirewatch alerts";

/** What SNS puts before an SMS from a topic with this display name. */
export function smsDisplayPrefix(displayName: string = ALERTS_TOPIC_DISPLAY_NAME): string {
  return displayName ? `${toGsm7(displayName.toUpperCase())}> ` : "";
}

// ---------------------------------------------------------------------------------------------------------
// GSM 03.38 character set

const GSM7_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/** Characters of the extension table: each is sent as ESC + char, so it costs two septets. */
const GSM7_EXTENSION = "^{}\\[~]|€\f";

const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

/** Explicit transliterations for characters that Unicode decomposition does not reduce to GSM-7. */
const TRANSLITERATIONS: Record<string, string> = {
  "\u2018": "'", // left single quote
  "\u2019": "'", // right single quote, apostrophe
  "\u201a": "'",
  "\u201b": "'",
  "\u2032": "'",
  "\u00b4": "'",
  "`": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u201e": '"',
  "\u201f": '"',
  "\u2033": '"',
  "\u00ab": '"',
  "\u00bb": '"',
  "\u2039": "'",
  "\u203a": "'",
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2013": "-", // en dash
  "\u2014": "-", // em dash
  "\u2015": "-",
  "\u2212": "-",
  "\u2026": "...",
  "\u2022": "*",
  "\u00b7": ".",
  "\u00d7": "x",
  "\u00f7": "/",
  "\u00a9": "(c)",
  "\u00ae": "(R)",
  "\u2122": "TM",
  "\u00b0": " deg",
  "\u00bd": "1/2",
  "\u00bc": "1/4",
  "\u00be": "3/4",
  "\u2020": "+",
  "\u00a2": "c",
  "\u0152": "OE",
  "\u0153": "oe",
  "\u0141": "L",
  "\u0142": "l",
  "\u0110": "D",
  "\u0111": "d",
  "\u00d0": "D",
  "\u00f0": "d",
  "\u00de": "Th",
  "\u00fe": "th",
  "\u0131": "i",
  "\u0126": "H",
  "\u0127": "h",
  "\u00aa": "a",
  "\u00ba": "o",
};

const SPACE_LIKE = /[\t\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g;
const ZERO_WIDTH = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/g;
// C0 and C1 control characters other than tab, line feed and carriage return.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const COMBINING_MARK = /\p{M}/gu;
const PICTOGRAPH = /[\p{Extended_Pictographic}\u{1f1e6}-\u{1f1ff}\ufe0e\ufe0f]/gu;

/** True when every character of `text` can be sent in GSM-7 (basic or extension table). */
export function isGsm7(text: string): boolean {
  for (const ch of text) if (!BASIC.has(ch) && !EXTENSION.has(ch)) return false;
  return true;
}

/**
 * Septets `text` takes in GSM-7: extension characters (`{}[]~^|€\`, form feed) count 2, others 1.
 * Only meaningful for GSM-7 text (see `isGsm7`); any other character is counted as 1.
 */
export function gsm7Length(text: string): number {
  let units = 0;
  for (const ch of text) units += EXTENSION.has(ch) ? 2 : 1;
  return units;
}

/** How an SMS would be encoded and how many segments it takes (153 / 67 units per part when split). */
export function smsSegments(text: string): { encoding: "GSM-7" | "UCS-2"; units: number; segments: number } {
  if (isGsm7(text)) {
    const units = gsm7Length(text);
    return { encoding: "GSM-7", units, segments: units <= SMS_SEGMENT_UNITS ? 1 : Math.ceil(units / 153) };
  }
  const units = text.length; // UTF-16 code units
  return { encoding: "UCS-2", units, segments: units <= UCS2_SEGMENT_UNITS ? 1 : Math.ceil(units / 67) };
}

function transliterateChar(ch: string, keep: (c: string) => boolean): string {
  if (keep(ch)) return ch;
  const mapped = TRANSLITERATIONS[ch];
  if (mapped !== undefined) return mapped;
  // Strip accents: "á" -> "a", "Č" -> "C". Compatibility decomposition also turns "ﬁ" into "fi", "²" into "2".
  const stripped = ch.normalize("NFKD").replace(COMBINING_MARK, "");
  if (stripped && stripped !== ch && [...stripped].every(keep)) return stripped;
  if (stripped && stripped !== ch) {
    const again = [...stripped].map((c) => TRANSLITERATIONS[c] ?? c).join("");
    if ([...again].every(keep)) return again;
  }
  return "?";
}

function transliterate(text: string, keep: (c: string) => boolean): string {
  const cleaned = text
    .normalize("NFC")
    .replace(CONTROL, "")
    .replace(ZERO_WIDTH, "")
    .replace(PICTOGRAPH, "")
    .replace(SPACE_LIKE, " ");
  let out = "";
  for (const ch of cleaned) out += transliterateChar(ch, keep);
  return out;
}

/**
 * Rewrites `text` into the GSM-7 alphabet: curly quotes become straight ones, dashes hyphens, "…" three dots,
 * accented letters outside GSM-7 lose their accent ("Kulhánek" -> "Kulhanek"); characters GSM-7 does have
 * ("é", "ü", "ß") are kept. Control characters, zero-width characters and emoji are dropped; anything else
 * that has no spelling in GSM-7 becomes "?". The ESC character is never emitted.
 */
export function toGsm7(text: string): string {
  return transliterate(text, (c) => BASIC.has(c) || EXTENSION.has(c));
}

const isPrintableAscii = (c: string) => c >= " " && c <= "~";

/** Printable ASCII only, transliterated the same way (SNS subjects must be ASCII). */
export function toAscii(text: string): string {
  return transliterate(text, isPrintableAscii);
}

// ---------------------------------------------------------------------------------------------------------
// Cleaning

/**
 * One line of text, cleaned as article titles are: control and zero-width characters dropped, whitespace
 * collapsed. Text stays text: "<IBM>" is shown as "<IBM>". Every channel here is plain text (SNS email bodies,
 * SMS) or JSON, whose encoder escapes it; a renderer of HTML must escape it with `escapeHtml`.
 */
export function plainLine(text: string): string {
  return normaliseTitle(text);
}

/** Text for an HTML context (element content or a quoted attribute): `& < > " '` as entities. */
export const escapeHtml = (text: string): string => escapeUTF8(text);

/** Cuts `text` to at most `max` units (as measured by `measure`), ending in `ellipsis` when cut, at a word break if one is near. */
export function truncate(
  text: string,
  max: number,
  { ellipsis = "\u2026", measure = (s: string) => [...s].length } = {},
): string {
  if (measure(text) <= max) return text;
  const room = max - measure(ellipsis);
  if (room <= 0) return measure(ellipsis) <= max ? ellipsis : "";
  const chars = [...text];
  let cut = "";
  let used = 0;
  for (const ch of chars) {
    const w = measure(ch);
    if (used + w > room) break;
    cut += ch;
    used += w;
  }
  const space = cut.lastIndexOf(" ");
  if (space > 0 && space >= used - 15) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,;:.-]+$/, "")}${ellipsis}`;
}

// ---------------------------------------------------------------------------------------------------------
// The structured alert

/** The full alert as the `default` (JSON) body carries it, for HTTPS, SQS and Lambda subscribers. */
export interface AlertPayload {
  kind: "wirewatch.alert";
  version: 1;
  articleId: string;
  title: string;
  topics: string[];
  tags: TopicTag[];
  deadline: DeadlineInfo | null;
  url: string | null;
  source: string | null;
  publishedAt: string;
  ingestedAt: string;
}

/** Topics of an article in tag order, each once. */
export function alertTopics(article: Pick<TaggedArticle, "tags">): string[] {
  return [...new Set(article.tags.map((t) => t.topic))];
}

/** The first resolved deadline among the article's tags, if any. */
export function alertDeadline(article: Pick<TaggedArticle, "tags">): DeadlineInfo | null {
  return article.tags.find((t) => t.deadline)?.deadline ?? null;
}

export function alertPayload(article: TaggedArticle): AlertPayload {
  return {
    kind: "wirewatch.alert",
    version: 1,
    articleId: article.id,
    title: article.title,
    topics: alertTopics(article),
    tags: article.tags.map((t) => ({
      topic: t.topic,
      score: t.score,
      evidence: t.evidence,
      ...(t.deadline ? { deadline: { phrase: t.deadline.phrase, date: t.deadline.date } } : {}),
    })),
    deadline: alertDeadline(article),
    url: article.url ?? null,
    source: article.source ?? null,
    publishedAt: article.publishedAt,
    ingestedAt: article.ingestedAt,
  };
}

function displayTitle(article: Pick<Article, "title" | "id">): string {
  return plainLine(article.title) || `article ${article.id}`;
}

function deadlineText(deadline: DeadlineInfo | null): string | null {
  if (!deadline) return null;
  const phrase = plainLine(deadline.phrase);
  if (deadline.date && phrase) return `${phrase} (${deadline.date})`;
  return deadline.date ?? (phrase || null);
}

/** `[wirewatch] expulsions, deadline: <title>`, ASCII, under 100 characters (the title is cut with "..."). */
export function emailSubject(article: TaggedArticle): string {
  const topics = alertTopics(article);
  let head = `${SUBJECT_PREFIX} ${topics.length ? topics.join(", ") : "alert"}: `;
  // Many topics would leave no room for the title: cap the topic list itself first.
  if (head.length > 60) head = `${truncate(head.trimEnd().replace(/:$/, ""), 57, { ellipsis: "..." })}: `;
  const title = toAscii(displayTitle(article));
  return truncate(head + title, MAX_SUBJECT_LENGTH, { ellipsis: "..." });
}

/** The plain-text email body: title, topics, why (one evidence sentence per topic), deadline, source, link. */
export function emailBody(article: TaggedArticle): string {
  const topics = alertTopics(article);
  const lines: string[] = [displayTitle(article), ""];
  lines.push(`Topics: ${topics.join(", ") || "(none)"}`);
  const deadline = deadlineText(alertDeadline(article));
  if (deadline) lines.push(`Deadline: ${deadline}`);
  lines.push("");
  if (article.tags.length) {
    lines.push("Why this matched:");
    const seen = new Set<string>();
    for (const tag of article.tags) {
      if (seen.has(tag.topic)) continue;
      seen.add(tag.topic);
      lines.push(`- ${tag.topic}: "${plainLine(tag.evidence)}"`);
    }
    lines.push("");
  }
  if (article.source) lines.push(`Source: ${plainLine(article.source)}`);
  lines.push(`Published: ${article.publishedAt}`);
  if (article.url) lines.push(`Link: ${plainLine(article.url)}`);
  lines.push(
    "",
    "--",
    "You receive this because you subscribed to wirewatch alerts on at least one of these topics.",
    `Article id: ${article.id}`,
  );
  return lines.join("\n");
}

/**
 * The SMS text, GSM-7 only: `[topics] title | deadline <date> <link>`. The title is cut first, then the link
 * dropped when it would leave too little room for the title; the result always fits `budget` septets, by default
 * what one 160-septet segment leaves after SNS's display-name prefix (142 for "WIREWATCH ALERTS> ").
 */
export function smsText(article: TaggedArticle, budget: number = smsBudget()): string {
  const sms = (s: string) => toGsm7(plainLine(s));
  const measure = gsm7Length;
  const topics = alertTopics(article);
  const head = `[${truncate(sms(topics.join(",")) || "alert", 60, { ellipsis: "...", measure })}] `;
  const deadline = alertDeadline(article);
  const deadlinePart = deadline
    ? ` | deadline ${deadline.date ?? truncate(sms(deadline.phrase), 40, { ellipsis: "...", measure })}`
    : "";
  const link = article.url ? ` ${sms(article.url)}` : "";
  const title = sms(displayTitle(article));
  const minTitle = 40;
  const fixed = measure(head) + measure(deadlinePart);
  const withLink = budget - fixed - measure(link) >= Math.min(minTitle, measure(title));
  const tail = deadlinePart + (withLink ? link : "");
  const room = budget - measure(head) - measure(tail);
  const text = head + truncate(title, Math.max(room, 0), { ellipsis: "...", measure }) + tail;
  // Guard: never more than the budget, whatever the inputs.
  return truncate(text.trim(), budget, { ellipsis: "...", measure });
}

/** Septets left for our text in one segment once SNS has added the topic's display-name prefix. */
export function smsBudget(displayName: string = ALERTS_TOPIC_DISPLAY_NAME): number {
  return SMS_SEGMENT_UNITS - gsm7Length(smsDisplayPrefix(displayName));
}

/** Everything the notify function publishes for one tagged article. */
export function buildAlert(article: TaggedArticle): Alert {
  return {
    articleId: article.id,
    topics: alertTopics(article),
    subject: emailSubject(article),
    message: {
      // "<", ">" and "&" as \u escapes: still the same JSON, and inert should a subscriber paste it into a page.
      default: JSON.stringify(alertPayload(article)).replace(
        /[<>&]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
      ),
      email: emailBody(article),
      sms: smsText(article),
    },
  };
}
