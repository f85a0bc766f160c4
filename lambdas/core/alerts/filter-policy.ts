/**
 * SNS filter policies for topic subscriptions, built in one place, and the message attributes alerts carry.
 * Pure: no AWS imports. `matchesFilterPolicy` implements the part of SNS's matching semantics we rely on
 * (exact strings, `anything-but`, `prefix`, `exists`) so the local alert bus behaves like the real topic.
 */

/** The message attribute every alert carries: the article's topics as a `String.Array`. */
export const TOPICS_ATTRIBUTE = "topics";
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

export type FilterPolicy = Record<string, FilterCondition[]>;

/** A type alias (not an interface) so that it is assignable to the general FilterPolicy. */
export type TopicFilterPolicy = { [TOPICS_ATTRIBUTE]: string[] };

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

/** Checks a policy against SNS's limits: at most 5 keys and at most 150 value combinations. */
export function assertWithinLimits(policy: FilterPolicy): void {
  const keys = Object.keys(policy);
  if (keys.length === 0) throw new FilterPolicyError("a filter policy needs at least one key");
  if (keys.length > FILTER_POLICY_LIMITS.maxKeys)
    throw new FilterPolicyError(
      `a filter policy may have at most ${FILTER_POLICY_LIMITS.maxKeys} keys, got ${keys.length}`,
    );
  let combinations = 1;
  for (const key of keys) {
    const values = policy[key];
    if (!Array.isArray(values) || values.length === 0)
      throw new FilterPolicyError(`filter policy key "${key}" needs a non-empty array of values`);
    combinations *= values.length;
  }
  if (combinations > FILTER_POLICY_LIMITS.maxCombinations)
    throw new FilterPolicyError(
      `a filter policy may have at most ${FILTER_POLICY_LIMITS.maxCombinations} value combinations, got ${combinations}`,
    );
}

/**
 * The policy for a subscriber of `topics`: `{ topics: [...] }`, deduplicated, every name known.
 * Throws `UnknownTopicError` (naming the valid topics) for a name no definition declares, and
 * `FilterPolicyError` for an empty list or one beyond SNS's limits.
 */
export function buildFilterPolicy(
  topics: readonly string[],
  knownTopics: readonly string[],
): TopicFilterPolicy {
  const wanted = [...new Set(parseTopicList(topics))];
  if (wanted.length === 0)
    throw new FilterPolicyError(
      `choose at least one topic${knownTopics.length ? `; valid topics: ${knownTopics.join(", ")}` : ""}`,
    );
  const known = new Set(knownTopics);
  const unknown = wanted.filter((t) => !known.has(t));
  if (unknown.length) throw new UnknownTopicError(unknown, knownTopics);
  const policy = { [TOPICS_ATTRIBUTE]: wanted };
  assertWithinLimits(policy);
  return policy;
}

/** The SNS `MessageAttributes` of an alert on `topics`. */
export function alertMessageAttributes(topics: readonly string[]): { [TOPICS_ATTRIBUTE]: MessageAttribute } {
  return { [TOPICS_ATTRIBUTE]: { DataType: "String.Array", StringValue: JSON.stringify([...topics]) } };
}

/** Parses a subscription's `FilterPolicy` attribute; undefined for none (SNS then delivers everything). */
export function parseFilterPolicy(json: string | undefined | null): FilterPolicy | undefined {
  if (json === undefined || json === null || json.trim() === "") return undefined;
  const parsed: unknown = JSON.parse(json);
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw new FilterPolicyError("a filter policy must be a JSON object");
  return parsed as FilterPolicy;
}

/** The topics a policy allowlists on the `topics` attribute (plain string values only). */
export function policyTopics(policy: FilterPolicy | undefined): string[] {
  const values = policy?.[TOPICS_ATTRIBUTE] ?? [];
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
  for (const [key, conditions] of Object.entries(policy as FilterPolicy)) {
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
