import { existsSync, readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { createDynamoClient, localClientOptions } from "../../lambdas/adapters/clients.ts";
import { DynamoArticleStore } from "../../lambdas/adapters/dynamo-article-store.ts";
import { DEFAULT_LIMITS } from "../../lambdas/config.ts";
import { buildAlert } from "../../lambdas/core/alerts/alert.ts";
import {
  alertMessageAttributes,
  type FilterPolicy,
  matchesFilterPolicy,
} from "../../lambdas/core/alerts/filter-policy.ts";
import type { ArticleInput, TaggedArticle } from "../../lambdas/core/article.ts";
import { ValidationError } from "../../lambdas/core/errors.ts";
import { ingestArticle } from "../../lambdas/core/ingest/ingest.ts";
import { parseObject } from "../../lambdas/core/ingest/object-parser.ts";
import { parseIngestValue } from "../../lambdas/core/ingest/request.ts";
import type { ArticleStore } from "../../lambdas/core/ports.ts";
import { loadTagger } from "../../lambdas/core/tagger/load.ts";
import { CliError } from "../cli-error.ts";
import { eventKind } from "../local/event-kind.ts";
import { FolderObjectSource } from "../local/folder-object-source.ts";
import {
  endpointFrom,
  findSubscriptions,
  listSubscriptions,
  parseOptions,
  resolveSnsTarget,
  type SnsTarget,
  STACK_TABLE_OUTPUT,
  SUBSCRIBER_OPTIONS,
  type SubscriptionView,
  TARGET_HELP,
  TARGET_OPTIONS,
  withTarget,
} from "./sns-target.ts";

const HELP = `usage: wirewatch explain <article-id | event file> (--email ADDRESS | --sms +NUMBER) [options] [backend]

Answers "why did (or didn't) this person get this alert": the article's tags with their evidence, the
subscriber's filter policy, and the decision with its reason.

An event file (an API Gateway request, an S3 object-created event whose object is read from --bucket-dir as
replay does, or an article as .json, .txt or .html) is tagged locally with the topic definitions, exactly as
ingest would. An article id is looked up in the articles table.

  --email ADDRESS        the subscriber, by email
  --sms +NUMBER          the subscriber, by phone number
  --table NAME           articles table for an article id (default: the stack's ${STACK_TABLE_OUTPUT} output)
  --dynamo-endpoint URL  DynamoDB endpoint for --table (default: --endpoint)
  --bucket-dir DIR       folder standing in for the ingest bucket, for S3 events (default events/bucket)
  --date YYYY-MM-DD      the ingest date for event files (resolves relative deadlines; default today)
  --json                 one JSON object per article instead of text

${TARGET_HELP}`;

export type Decision =
  | "delivered"
  | "no-tags"
  | "not-subscribed"
  | "pending-confirmation"
  | "no-topic-overlap";

export interface Explanation {
  article: { id: string; title: string; alertedAt?: string };
  tags: TaggedArticle["tags"];
  subscriber: {
    endpoint: string;
    protocol: string;
    status?: "confirmed" | "pending";
    policy?: FilterPolicy | null;
  };
  decision: Decision;
  reason: string;
  matchedOn: string[];
  /** What the subscriber receives (or would receive once confirmed). */
  preview?: { subject?: string; body: string };
}

const nullStore: ArticleStore = {
  put: async () => "created",
  get: async () => undefined,
  queryByTopic: async () => [],
  alreadyAlerted: async () => new Set(),
  markAlerted: async () => {},
};

/** The object keys an S3 event (EventBridge "Object Created" or an S3 notification) points at. */
function s3Keys(event: Record<string, unknown>): string[] {
  const detail = event.detail as { object?: { key?: unknown } } | undefined;
  if (typeof detail?.object?.key === "string") return [detail.object.key];
  const records = (event.Records ?? []) as { s3?: { object?: { key?: unknown } } }[];
  return records
    .map((r) => r.s3?.object?.key)
    .filter((k): k is string => typeof k === "string")
    .map((k) => decodeURIComponent(k.replace(/\+/g, " ")));
}

/** An API Gateway request even without the full envelope: a string `body` and no article fields. */
function isRequestLike(json: unknown): boolean {
  if (!json || typeof json !== "object" || Array.isArray(json)) return false;
  const e = json as Record<string, unknown>;
  return (
    typeof e.body === "string" &&
    !("title" in e) &&
    ("httpMethod" in e || "headers" in e || "requestContext" in e)
  );
}

async function eventInputs(file: string, bucketDir: string): Promise<ArticleInput[]> {
  const bytes = readFileSync(file);
  const limits = { ...DEFAULT_LIMITS, maxBodyBytes: Math.max(DEFAULT_LIMITS.maxBodyBytes, bytes.length) };
  const parsed: ReturnType<typeof parseIngestValue>[] = [];
  try {
    let json: unknown;
    if (file.endsWith(".json")) {
      try {
        json = JSON.parse(bytes.toString("utf8"));
      } catch (error) {
        throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
      }
    }
    const kind = eventKind(json);
    if (kind === "dynamodb-stream")
      throw new CliError(
        `${file} is a DynamoDB stream batch; explain takes an API Gateway event, an S3 event, an article file or an article id`,
      );
    if (kind === "s3") {
      // As replay does, the object is read from the folder standing in for the ingest bucket.
      const objects = new FolderObjectSource(bucketDir);
      for (const key of s3Keys(json as Record<string, unknown>)) {
        const { bytes: object } = await objects.read(
          "local",
          key,
          Math.max(limits.maxBodyBytes, limits.maxHtmlBytes),
        );
        parsed.push(parseObject(key, object, limits));
      }
    } else if (kind === "api" || isRequestLike(json)) {
      const event = json as { body?: unknown; isBase64Encoded?: boolean };
      const raw = typeof event.body === "string" ? event.body : "";
      const body = event.isBase64Encoded ? Buffer.from(raw, "base64").toString("utf8") : raw;
      let value: unknown;
      try {
        value = JSON.parse(body);
      } catch (error) {
        throw new CliError(`${file}: the request body is not valid JSON: ${(error as Error).message}`);
      }
      parsed.push(parseIngestValue(value, limits));
    } else {
      parsed.push(parseObject(basename(file), bytes, limits));
    }
  } catch (error) {
    if (error instanceof ValidationError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
  const items = parsed.flatMap((p) => p.items);
  const inputs = items.filter((i): i is ArticleInput => !(i instanceof ValidationError));
  for (const e of items.filter((i): i is ValidationError => i instanceof ValidationError))
    process.stderr.write(`${file}: skipping an invalid article: ${e.message}\n`);
  if (inputs.length === 0) throw new CliError(`${file} holds no valid article`);
  return inputs;
}

async function tagEventFile(file: string, now: Date, bucketDir: string): Promise<TaggedArticle[]> {
  let tagger: ReturnType<typeof loadTagger>;
  try {
    tagger = loadTagger();
  } catch (error) {
    throw new CliError(`cannot load the topic definitions: ${(error as Error).message}`, 1);
  }
  const articles: TaggedArticle[] = [];
  for (const input of await eventInputs(file, bucketDir)) {
    try {
      articles.push((await ingestArticle(input, { store: nullStore, tagger, now: () => now })).article);
    } catch (error) {
      if (error instanceof ValidationError) {
        process.stderr.write(`${file}: skipping an article ingest would reject: ${error.message}\n`);
        continue;
      }
      throw error;
    }
  }
  if (articles.length === 0) throw new CliError(`${file} holds no article ingest would accept`);
  return articles;
}

async function storedArticle(
  id: string,
  values: { table?: string; "dynamo-endpoint"?: string; endpoint?: string; region?: string },
  target: SnsTarget,
): Promise<TaggedArticle & { alertedAt?: string }> {
  const table = values.table ?? target.stackOutputs?.[STACK_TABLE_OUTPUT];
  if (!table)
    throw new CliError(
      `"${id}" is not a file; to look up an article id give --table NAME (with --endpoint or --dynamo-endpoint for a local table) or --stack NAME`,
    );
  const endpoint = values["dynamo-endpoint"] ?? values.endpoint;
  const region = values.region ?? process.env.AWS_REGION ?? "us-east-1";
  const db = createDynamoClient(
    endpoint && !process.env.AWS_ACCESS_KEY_ID
      ? localClientOptions(endpoint, { region })
      : { region, ...(endpoint ? { endpoint } : {}) },
  );
  try {
    const article = await new DynamoArticleStore(db, table).get(id);
    if (!article) throw new CliError(`no article "${id}" in table ${table}`, 1);
    return article;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read article "${id}" from ${table}: ${(error as Error).message}`, 1);
  } finally {
    db.destroy();
  }
}

/** The decision SNS makes for one article and one subscription (or none). */
export function explainDelivery(
  article: TaggedArticle & { alertedAt?: string },
  who: { endpoint: string; protocol: string },
  subscription: SubscriptionView | undefined,
  where: string,
): Explanation {
  const alert = buildAlert(article);
  const base = {
    article: {
      id: article.id,
      title: article.title,
      ...(article.alertedAt ? { alertedAt: article.alertedAt } : {}),
    },
    tags: article.tags,
    subscriber: {
      ...who,
      ...(subscription ? { status: subscription.status, policy: subscription.policy ?? null } : {}),
    },
  };
  const preview =
    who.protocol === "email"
      ? { subject: alert.subject, body: alert.message.email }
      : { body: who.protocol === "sms" ? alert.message.sms : alert.message.default };
  if (article.tags.length === 0)
    return {
      ...base,
      decision: "no-tags",
      reason: "the article has no tags (no topic matched it), so no alert was published",
      matchedOn: [],
    };
  if (!subscription)
    return {
      ...base,
      decision: "not-subscribed",
      reason: `${who.endpoint} has no ${who.protocol} subscription on ${where}`,
      matchedOn: [],
    };
  const attributes = alertMessageAttributes(alert.topics);
  const matches = matchesFilterPolicy(subscription.policy, attributes);
  const matchedOn = subscription.policy
    ? alert.topics.filter((t) => matchesFilterPolicy(subscription.policy, alertMessageAttributes([t])))
    : alert.topics;
  if (subscription.status === "pending") {
    const unknown = !subscription.subscriptionArn;
    return {
      ...base,
      decision: "pending-confirmation",
      reason: `the subscription is pending confirmation: SNS delivers nothing until the link in the confirmation message is followed${
        unknown
          ? ""
          : matches
            ? ` (once confirmed it would match on ${matchedOn.join(", ")})`
            : " (and its policy would not match anyway)"
      }`,
      matchedOn: [],
      ...(matches && !unknown ? { preview } : {}),
    };
  }
  if (!matches)
    return {
      ...base,
      decision: "no-topic-overlap",
      reason: `no topic overlap: the alert carries topics ${alert.topics.join(", ")}; the policy allowlists ${
        subscription.topics.join(", ") || JSON.stringify(subscription.policy)
      }`,
      matchedOn: [],
    };
  return {
    ...base,
    decision: "delivered",
    reason: subscription.policy
      ? `matched on ${matchedOn.join(", ")}: one alert for the article, however many topics overlap`
      : "the subscription has no filter policy: it receives every alert",
    matchedOn,
    preview,
  };
}

function render(e: Explanation, where: string): string {
  const lines: string[] = [`article ${e.article.id}: ${e.article.title}`];
  if (e.tags.length === 0) lines.push("  tags: (none)");
  else {
    lines.push("  tags:");
    const width = Math.max(...e.tags.map((t) => t.topic.length));
    for (const t of e.tags) {
      lines.push(`    ${t.topic.padEnd(width)}  ${t.score.toFixed(2)}  "${t.evidence}"`);
      if (t.deadline)
        lines.push(
          `    ${"".padEnd(width)}        deadline: "${t.deadline.phrase}" -> ${t.deadline.date ?? "no calendar date"}`,
        );
    }
  }
  if (e.article.alertedAt) lines.push(`  alert published: ${e.article.alertedAt}`);
  const s = e.subscriber;
  lines.push(`subscriber ${s.endpoint} (${s.protocol}) on ${where}: ${s.status ?? "not subscribed"}`);
  if (s.status)
    lines.push(
      `  filter policy: ${s.policy ? JSON.stringify(s.policy) : s.policy === null ? "(none: every alert)" : "(unknown)"}`,
    );
  lines.push(`decision: ${e.decision === "delivered" ? "DELIVERED" : "NOT DELIVERED"} (${e.decision})`);
  lines.push(`  ${e.reason}`);
  if (e.preview) {
    lines.push(e.decision === "delivered" ? "  message:" : "  message once confirmed:");
    if (e.preview.subject) lines.push(`    subject: ${e.preview.subject}`);
    for (const line of e.preview.body.split("\n")) lines.push(`    ${line}`.trimEnd());
  }
  return lines.join("\n");
}

export async function explain(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    {
      args: argv,
      options: {
        ...TARGET_OPTIONS,
        ...SUBSCRIBER_OPTIONS,
        table: { type: "string" },
        "dynamo-endpoint": { type: "string" },
        date: { type: "string" },
        "bucket-dir": { type: "string" },
        json: { type: "boolean" },
      },
      strict: true,
      allowPositionals: true,
    },
    "explain",
  );
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const [subject, ...extra] = positionals;
  if (!subject || extra.length)
    throw new CliError("give one article id or event file (see wirewatch explain --help)");
  const who = endpointFrom(values);
  let now = new Date();
  if (values.date) {
    now = new Date(/^\d{4}-\d{2}-\d{2}$/.test(values.date) ? `${values.date}T12:00:00Z` : values.date);
    if (Number.isNaN(now.getTime())) throw new CliError(`--date must be YYYY-MM-DD, got "${values.date}"`);
  }
  const target = await resolveSnsTarget(values);
  return withTarget(target, async () => {
    const articles = existsSync(subject)
      ? await tagEventFile(subject, now, resolve(values["bucket-dir"] ?? "events/bucket"))
      : [await storedArticle(subject, values, target)];
    const [subscription] = findSubscriptions(await listSubscriptions(target), who.endpoint, who.protocol);
    for (const article of articles) {
      const explanation = explainDelivery(article, who, subscription, target.label);
      process.stdout.write(
        values.json ? `${JSON.stringify(explanation)}\n` : `${render(explanation, target.label)}\n\n`,
      );
    }
    return 0;
  });
}
