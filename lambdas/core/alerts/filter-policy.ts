/**
 * SNS filter policies for topic subscriptions, built in one place, and the message attributes alerts carry.
 * Pure: no AWS imports. `matchesFilterPolicy` implements the part of SNS's matching semantics we rely on
 * (exact strings, `anything-but`, `prefix`, `exists`, `$or`) so the local alert bus behaves like the real topic.
 *
 * Three kinds of message go out on the one alerts topic, and filter policies alone route them:
 *
 *   kind      attributes                                  who gets it
 *   alert     kind=alert, topics=[topics it newly brings]  instant subscribers of one of those topics
 *             (+ audience=[topic sets], later copies only)  ... whose topic set is listed: those the story had
 *                                                         not reached yet (see `audienceOf`)
 *   reminder  kind=reminder, topics=[the story's topics]  subscribers who opted in (--reminders), on those topics
 *   digest    kind=digest, digest=<cadence>:<t1+t2...>     digest subscribers whose cadence and topic set are these
 *
 * A digest carries no `topics` attribute, so no instant policy matches one; it is published once per group of
 * subscribers sharing (cadence, topic set), so each digest subscriber receives exactly one per period.
 */

/** The message attribute every alert carries: the article's topics as a `String.Array`. */
export const TOPICS_ATTRIBUTE = "topics";
/** What a message is: `alert` (one story, as it arrives), `digest` or `reminder`. */
export const KIND_ATTRIBUTE = "kind";
/** The digest group a digest is for: `<cadence>:<topic>+<topic>` (topics sorted). */
export const DIGEST_ATTRIBUTE = "digest";
/**
 * On the alert of a later copy of a story only: the topic sets (`topicSet`) of the instant subscribers it is for,
 * those sharing a topic it adds and none the story already had. First alerts carry no audience; an instant
 * policy accepts a message without one, or one that lists its own topic set.
 */
export const AUDIENCE_ATTRIBUTE = "audience";

export const ALERT_KINDS = ["alert", "digest", "reminder"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const CADENCES = ["instant", "daily", "weekly"] as const;
export type Cadence = (typeof CADENCES)[number];
export type DigestCadence = Exclude<Cadence, "instant">;

export interface SubscriptionOptions {
  /** @default "instant" */
  cadence?: Cadence;
  /** Also receive reminders before a deadline in a story on these topics. @default false */
  reminders?: boolean;
}
/** Our policies filter on message attributes, not on the message body. */
export const FILTER_POLICY_SCOPE = "MessageAttributes";

/** SNS limits on one filter policy. */
export const FILTER_POLICY_LIMITS = { maxKeys: 5, maxCombinations: 150 } as const;

export type FilterCondition =
  | string
  | number
  | boolean
  | null
  | { "anything-but": string | number | (string | number)[] | { prefix: string } }
  | { prefix: string }
  | { exists: boolean };

/** A policy: keys AND-ed, each with a list of OR-ed conditions; `$or` holds alternative sub-policies. */
export type FilterPolicy = { [key: string]: FilterCondition[] | FilterPolicy[] };

/** A policy of plain string allowlists (what the CDK `stringFilter` can express). */
export type TopicFilterPolicy = { [key: string]: string[] };

/** The SNS `MessageAttributeValue` shape we produce and read (a subset of the SDK's). */
export interface MessageAttribute {
  DataType: string;
  StringValue?: string;
}
export type MessageAttributes = Record<string, MessageAttribute>;

/** A filter policy that is invalid or that SNS would reject. */
export class FilterPolicyError extends Error {
  override name = "FilterPolicyError";
}

/** A topic name that no topic definition declares. */
export class UnknownTopicError extends FilterPolicyError {
  override name = "UnknownTopicError";
  constructor(
    readonly unknown: string[],
    readonly validTopics: readonly string[],
  ) {
    super(
      `unknown topic${unknown.length > 1 ? "s" : ""} ${unknown.map((t) => `"${t}"`).join(", ")}; valid topics: ${
        validTopics.length ? validTopics.join(", ") : "(none defined)"
      }`,
    );
  }
}

/** Splits `"expulsions, deadline"` (or repeated values) into clean topic names. */
export function parseTopicList(raw: string | readonly string[]): string[] {
  const parts = typeof raw === "string" ? [raw] : raw;
  return parts
    .flatMap((p) => p.split(","))
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
}

const OR = "$or";

/**
 * Splits a policy into its alternatives: `{ a, $or: [{ b }, { c }] }` is `{ a, b }` or `{ a, c }` (SNS's own
 * reading of `$or`; nested `$or` is expanded the same way).
 */
export function policyBranches(policy: FilterPolicy): Record<string, FilterCondition[]>[] {
  const base: Record<string, FilterCondition[]> = {};
  let alternatives: FilterPolicy[] | undefined;
  for (const [key, value] of Object.entries(policy)) {
    if (
      key === OR &&
      Array.isArray(value) &&
      value.every((v) => v !== null && typeof v === "object" && !Array.isArray(v) && !isOperator(v))
    )
      alternatives = value as FilterPolicy[];
    else base[key] = value as FilterCondition[];
  }
  if (!alternatives) return [base];
  return alternatives.flatMap((alt) => policyBranches(alt).map((b) => ({ ...base, ...b })));
}

const OPERATORS = new Set(["anything-but", "prefix", "exists", "suffix", "numeric", "equals-ignore-case"]);
function isOperator(v: object): boolean {
  const keys = Object.keys(v);
  return keys.length === 1 && OPERATORS.has(keys[0] as string);
}

/**
 * Checks a policy against SNS's limits: at most 5 keys (per alternative) and at most 150 value combinations,
 * counted, as SNS does, as the product of the value counts of each alternative, summed over the `$or`
 * alternatives.
 */
export function assertWithinLimits(policy: FilterPolicy): void {
  const branches = policyBranches(policy);
  let combinations = 0;
  for (const branch of branches) {
    const keys = Object.keys(branch);
    if (keys.length === 0) throw new FilterPolicyError("a filter policy needs at least one key");
    if (keys.length > FILTER_POLICY_LIMITS.maxKeys)
      throw new FilterPolicyError(
        `a filter policy may have at most ${FILTER_POLICY_LIMITS.maxKeys} keys, got ${keys.length}`,
      );
    let product = 1;
    for (const key of keys) {
      const values = branch[key];
      if (!Array.isArray(values) || values.length === 0)
        throw new FilterPolicyError(`filter policy key "${key}" needs a non-empty array of values`);
      product *= values.length;
    }
    combinations += product;
  }
  if (combinations > FILTER_POLICY_LIMITS.maxCombinations)
    throw new FilterPolicyError(
      `a filter policy may have at most ${FILTER_POLICY_LIMITS.maxCombinations} value combinations, got ${combinations}`,
    );
}

/** A subscription's topic set as one token: `deadline+expulsions` (sorted, so equal sets are one token). */
export function topicSet(topics: readonly string[]): string {
  return [...new Set(topics)].sort().join("+");
}

/**
 * Who a later copy of a story alerts: the instant subscribers' topic sets that share a topic the copy adds and no
 * topic the story had before (they were not alerted yet). A subscriber of an old and a new topic was alerted
 * already and is left out, so a story alerts each subscriber once.
 */
export function audienceOf(
  topicSets: Iterable<readonly string[]>,
  added: readonly string[],
  prior: readonly string[],
): string[] {
  const add = new Set(added);
  const had = new Set(prior);
  const out = new Set<string>();
  for (const set of topicSets)
    if (set.some((t) => add.has(t)) && !set.some((t) => had.has(t))) out.add(topicSet(set));
  return [...out].sort();
}

/** The digest group of a subscription: `daily:deadline+expulsions` (topics sorted, so equal sets are one group). */
export function digestGroup(cadence: DigestCadence, topics: readonly string[]): string {
  return `${cadence}:${[...new Set(topics)].sort().join("+")}`;
}

/** Reads a digest group back; undefined when `key` is not one. */
export function parseDigestGroup(key: string): { cadence: DigestCadence; topics: string[] } | undefined {
  const m = /^(daily|weekly):([^:]+)$/.exec(key);
  if (!m) return undefined;
  const topics = (m[2] as string).split("+").filter(Boolean);
  return topics.length ? { cadence: m[1] as DigestCadence, topics } : undefined;
}

/**
 * The policy for a subscriber of `topics` with a cadence and the reminders opt-in, without validating the
 * names (buildFilterPolicy validates). The shapes, and so what `describePolicy` reads back:
 *
 *   instant             { kind: ["alert"], topics, audience: [{ exists: false }, "<topic set>"] }
 *   instant + reminders { kind: ["alert", "reminder"], topics, audience: [...] }
 *   digest              { kind: ["digest"], digest: ["daily:t1+t2"] }
 *   digest + reminders  { $or: [ { kind: ["digest"], digest: [...] }, { kind: ["reminder"], topics } ] }
 */
export function policyFor(topics: readonly string[], options: SubscriptionOptions = {}): FilterPolicy {
  const cadence = options.cadence ?? "instant";
  const list = [...topics];
  if (cadence === "instant")
    return {
      [KIND_ATTRIBUTE]: options.reminders ? ["alert", "reminder"] : ["alert"],
      [TOPICS_ATTRIBUTE]: list,
      [AUDIENCE_ATTRIBUTE]: [{ exists: false }, topicSet(list)],
    };
  const digest = { [KIND_ATTRIBUTE]: ["digest"], [DIGEST_ATTRIBUTE]: [digestGroup(cadence, list)] };
  if (!options.reminders) return digest;
  return { [OR]: [digest, { [KIND_ATTRIBUTE]: ["reminder"], [TOPICS_ATTRIBUTE]: list }] };
}

export interface PolicyDescription {
  topics: string[];
  cadence: Cadence;
  reminders: boolean;
}

/**
 * What a policy subscribes to, when it is one `policyFor` builds (or the older `{ topics }` shape, which
 * receives alerts and reminders on those topics); undefined for any other policy.
 */
export function describePolicy(policy: FilterPolicy | undefined): PolicyDescription | undefined {
  if (!policy) return undefined;
  const keys = Object.keys(policy);
  if (keys.length === 1 && keys[0] === TOPICS_ATTRIBUTE) {
    const topics = stringsOf(policy[TOPICS_ATTRIBUTE]);
    return topics ? { topics, cadence: "instant", reminders: true } : undefined;
  }
  let candidate: PolicyDescription | undefined;
  const kinds = stringsOf(policy[KIND_ATTRIBUTE]);
  const topics = stringsOf(policy[TOPICS_ATTRIBUTE]);
  const digest = stringsOf(policy[DIGEST_ATTRIBUTE]);
  if (kinds?.includes("alert") && topics && AUDIENCE_ATTRIBUTE in policy) {
    candidate = { topics, cadence: "instant", reminders: kinds.includes("reminder") };
  } else if (kinds?.[0] === "digest" && digest?.length === 1) {
    const group = parseDigestGroup(digest[0] as string);
    if (group) candidate = { topics: group.topics, cadence: group.cadence, reminders: false };
  } else if (Array.isArray(policy[OR])) {
    const alternatives = policy[OR] as FilterPolicy[];
    const first = alternatives[0] ? describePolicy(alternatives[0]) : undefined;
    const remind = alternatives[1]
      ? stringsOf((alternatives[1] as FilterPolicy)[TOPICS_ATTRIBUTE])
      : undefined;
    if (first && first.cadence !== "instant" && remind)
      candidate = { topics: remind, cadence: first.cadence, reminders: true };
  }
  // Only what policyFor would build back (same keys, same values) counts as ours.
  if (!candidate) return undefined;
  const rebuilt = policyFor(candidate.topics, candidate);
  return JSON.stringify(canonical(rebuilt)) === JSON.stringify(canonical(policy)) ? candidate : undefined;
}

function stringsOf(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : undefined;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/**
 * The policy for a subscriber of `topics` (see `policyFor` for the shapes), deduplicated, every name known.
 * Throws `UnknownTopicError` (naming the valid topics) for a name no definition declares, and
 * `FilterPolicyError` for an empty list, an unknown cadence or a policy beyond SNS's limits.
 */
export function buildFilterPolicy(
  topics: readonly string[],
  knownTopics: readonly string[],
  options: SubscriptionOptions = {},
): FilterPolicy {
  const wanted = [...new Set(parseTopicList(topics))];
  if (wanted.length === 0)
    throw new FilterPolicyError(
      `choose at least one topic${knownTopics.length ? `; valid topics: ${knownTopics.join(", ")}` : ""}`,
    );
  const known = new Set(knownTopics);
  const unknown = wanted.filter((t) => !known.has(t));
  if (unknown.length) throw new UnknownTopicError(unknown, knownTopics);
  if (options.cadence !== undefined && !(CADENCES as readonly string[]).includes(options.cadence))
    throw new FilterPolicyError(
      `unknown cadence "${String(options.cadence)}"; valid cadences: ${CADENCES.join(", ")}`,
    );
  const policy = policyFor(wanted, options);
  assertWithinLimits(policy);
  return policy;
}

/**
 * The SNS `MessageAttributes` of an alert (or, with `kind`, a reminder) on `topics`; with `audience`, the topic
 * sets a later copy's alert is for.
 */
export function alertMessageAttributes(
  topics: readonly string[],
  kind: Exclude<AlertKind, "digest"> = "alert",
  audience?: readonly string[],
): MessageAttributes {
  return {
    [KIND_ATTRIBUTE]: { DataType: "String", StringValue: kind },
    [TOPICS_ATTRIBUTE]: { DataType: "String.Array", StringValue: JSON.stringify([...topics]) },
    ...(audience
      ? { [AUDIENCE_ATTRIBUTE]: { DataType: "String.Array", StringValue: JSON.stringify([...audience]) } }
      : {}),
  };
}

/** The SNS `MessageAttributes` of a digest for one group (see `digestGroup`); no `topics`, on purpose. */
export function digestMessageAttributes(group: string): MessageAttributes {
  return {
    [KIND_ATTRIBUTE]: { DataType: "String", StringValue: "digest" },
    [DIGEST_ATTRIBUTE]: { DataType: "String", StringValue: group },
  };
}

/** Parses a subscription's `FilterPolicy` attribute; undefined for none (SNS then delivers everything). */
export function parseFilterPolicy(json: string | undefined | null): FilterPolicy | undefined {
  if (json === undefined || json === null || json.trim() === "") return undefined;
  const parsed: unknown = JSON.parse(json);
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw new FilterPolicyError("a filter policy must be a JSON object");
  return parsed as FilterPolicy;
}

/** The topics a policy subscribes to: those `describePolicy` reads, else the plain strings on `topics`. */
export function policyTopics(policy: FilterPolicy | undefined): string[] {
  const described = describePolicy(policy);
  if (described) return described.topics;
  const values = (policy?.[TOPICS_ATTRIBUTE] ?? []) as unknown[];
  return values.filter((v): v is string => typeof v === "string");
}

type Scalar = string | number | boolean | null;

function attributeValues(attribute: MessageAttribute): Scalar[] {
  const raw = attribute.StringValue ?? "";
  if (attribute.DataType.startsWith("String.Array")) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (Array.isArray(parsed))
        return parsed.filter(
          (v): v is Scalar => v === null || ["string", "number", "boolean"].includes(typeof v),
        );
    } catch {
      // SNS treats an unparsable array as not matching anything.
    }
    return [];
  }
  if (attribute.DataType.startsWith("Number")) {
    const n = Number(raw);
    return Number.isFinite(n) ? [n] : [];
  }
  return [raw];
}

function conditionMatches(condition: FilterCondition, value: Scalar): boolean {
  if (condition === null || typeof condition !== "object") return condition === value;
  if ("prefix" in condition) return typeof value === "string" && value.startsWith(condition.prefix);
  if ("anything-but" in condition) {
    const excluded = condition["anything-but"];
    if (excluded !== null && typeof excluded === "object" && !Array.isArray(excluded))
      return !(typeof value === "string" && value.startsWith(excluded.prefix));
    const list = Array.isArray(excluded) ? excluded : [excluded];
    return !list.some((x) => x === value);
  }
  return false;
}

/**
 * Whether SNS would deliver a message with `attributes` to a subscription with `policy` (scope
 * MessageAttributes). Every key must match (AND); within a key any condition may match (OR); a `String.Array`
 * attribute matches when any of its elements matches. A missing attribute matches only `{ exists: false }`.
 * No policy means every message is delivered.
 */
export function matchesFilterPolicy(
  policy: FilterPolicy | TopicFilterPolicy | undefined,
  attributes: MessageAttributes | undefined,
): boolean {
  if (!policy) return true;
  const branches = policyBranches(policy as FilterPolicy);
  if (branches.length > 1) return branches.some((b) => matchesFilterPolicy(b, attributes));
  for (const [key, conditions] of Object.entries(branches[0] as Record<string, FilterCondition[]>)) {
    const list: FilterCondition[] = Array.isArray(conditions) ? conditions : [conditions];
    const attribute = attributes?.[key];
    const existence = list.find(
      (c): c is { exists: boolean } => c !== null && typeof c === "object" && "exists" in c,
    );
    if (!attribute) {
      if (existence?.exists === false) continue;
      return false;
    }
    if (existence?.exists === true) continue;
    const values = attributeValues(attribute);
    const ok = list.some((condition) => values.some((value) => conditionMatches(condition, value)));
    if (!ok) return false;
  }
  return true;
}
