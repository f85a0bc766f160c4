/**
 * The schema of a topic definition file (zod) and its validation. Kept apart from the compiled form
 * (definition.ts) so that a bundle that only runs the topics compiled into it at build time (the Lambda functions,
 * infra/bundling.ts) carries neither this module nor zod's classic API: about 93 KB of each ingest function.
 */
import * as z from "zod";
import {
  anchorGroups,
  EXTRACTORS,
  expandMacros,
  needsUnicode,
  normalisePattern,
  SCAN_END,
  TopicDefinitionError,
} from "./definition.ts";
import { splitAlternatives } from "./prefilter.ts";

const patternSource = z.string().min(1, "a pattern must not be empty");

/** A term group: regular-expression fragments, case-insensitive unless `caseSensitive`. */
const termGroupSchema = z.union([
  z.array(patternSource).min(1, "a term group needs at least one pattern"),
  z.strictObject({
    patterns: z.array(patternSource).min(1, "a term group needs at least one pattern"),
    caseSensitive: z.boolean().optional(),
  }),
]);

const termName = z.string().min(1);

const ruleSchema = z.strictObject({
  /** Short name reported in docs and tests ("expel-diplomat"). */
  id: z.string().min(1),
  /** Term groups that must all occur in one sentence. The first is the rule's anchor (its prefilter). */
  all: z.array(termName).min(1, "a rule needs at least one term group in `all`"),
  /** When set, one occurrence of every group must fit in a window of this many words. */
  near: z.number().int().positive().optional(),
  /** When true, the groups must occur in the order listed (within `near` when given). */
  ordered: z.boolean().optional(),
  /** Term groups that cancel this rule when any occurs in the same sentence. */
  unless: z.array(termName).optional(),
  /** The rule's confidence in (0, 1]. Several rules in one sentence combine as 1 - prod(1 - weight). */
  weight: z.number().gt(0).max(1),
});

export const topicDefinitionSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Topic name, as it appears in tags and subscription filters: lower-case, digits and dashes. */
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, "use lower-case letters, digits and dashes, starting with a letter"),
  description: z.string().min(1),
  /** Free-form metadata, e.g. `{ "cameo": ["161"] }`. Not used for matching. */
  metadata: z.record(z.string(), z.unknown()).optional(),
  /** A topic is reported when its best sentence scores at least this. */
  threshold: z.number().gt(0).max(1).default(0.5),
  /** Named regular-expression fragments that term patterns use as `{NAME}` (e.g. `{MONTH}`). */
  macros: z
    .record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, "macro names are upper-case: MONTH, WEEKDAY"), z.string())
    .default({}),
  /** The vocabulary: named groups of regular-expression fragments. Rules, masks and vetoes refer to them. */
  terms: z.record(z.string().min(1), termGroupSchema),
  /** Term groups whose matches are blanked out before rules run ("artificial intelligence"). */
  mask: z.array(termName).default([]),
  /** Term groups that, when present in a sentence, stop every rule of the topic in that sentence. */
  vetoes: z.array(termName).default([]),
  /**
   * Whole-text context that rules the topic out: when `group` matches at least `minDistinct` different words
   * anywhere in the text (a film review's "film", "starring", "episode", "Netflix"), the topic is not reported.
   * Checked only when some sentence has fired, so it costs nothing on other texts.
   */
  documentVetoes: z
    .array(
      z.strictObject({
        group: termName,
        minDistinct: z.number().int().min(1),
        /**
         * Rule ids that keep the topic despite the context: if one of them fired, the veto does not apply.
         * `"@name"` stands for the list `ruleSets.name`.
         */
        exceptRules: z.array(z.string().min(1)).optional(),
        /**
         * Term groups that keep the topic despite the context: if one matches `exceptMinCount` times (default 1)
         * in the text (a review that keeps calling its subject a "documentary"), the veto does not apply.
         */
        exceptGroups: z.array(termName).optional(),
        exceptMinCount: z.number().int().min(1).optional(),
        /**
         * "document" (the default): the whole topic is dropped. "sentence": only the sentences that themselves
         * match `group` are dropped (a review's "the fictional foreign secretary expels ..."), and the topic
         * stands on any other sentence that fired (the studio's shareholders who "have until Friday").
         */
        scope: z.enum(["document", "sentence"]).optional(),
      }),
    )
    .default([]),
  /** Named lists of rule ids, for vetoes that share their `exceptRules` (`"@agency"`). */
  ruleSets: z.record(termName, z.array(z.string().min(1))).optional(),
  rules: z.array(ruleSchema).min(1, "a topic needs at least one rule"),
  /** A built-in extractor to run on the evidence sentence. */
  extract: z.enum(EXTRACTORS).optional(),
});

/** A validated topic definition file. */
export type TopicDefinition = z.infer<typeof topicDefinitionSchema>;
export type TopicRule = z.infer<typeof ruleSchema>;
/** What matching reads of a definition: all of it but the prose (`description`, `metadata`), which the bundles
 * leave out (infra/bundling.ts). */
export type MatchingDefinition = Omit<TopicDefinition, "description" | "metadata">;

function describePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === "number") return `${acc}[${key}]`;
    return acc ? `${acc}.${String(key)}` : String(key);
  }, "");
}

/**
 * Validates one definition file's JSON. Errors name the file (`source`) and the field:
 * `topics/x.json: rules[1].all[0]: unknown term group "diplomatt"`.
 */
export function parseTopicDefinition(json: unknown, source: string): TopicDefinition {
  const parsed = topicDefinitionSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${describePath(i.path) || "(root)"}: ${i.message}`);
    throw new TopicDefinitionError(`${source}: ${lines.join("; ")}`);
  }
  const def = parsed.data;
  const fail = (field: string, message: string): never => {
    throw new TopicDefinitionError(`${source}: ${field}: ${message}`);
  };
  const anchors = new Set(anchorGroups(def));
  for (const [name, group] of Object.entries(def.terms)) {
    const patterns = Array.isArray(group) ? group : group.patterns;
    patterns.forEach((p, i) => {
      try {
        const expanded = expandMacros(p, def.macros);
        new RegExp(expanded, needsUnicode([expanded]) ? "u" : "");
        // As the tagger compiles it: a literal space becomes a run of whitespace (normalisePattern), so " {5}"
        // is valid as written but "nothing to repeat" once compiled; write "\\s{5}" for a count of spaces.
        try {
          new RegExp(normalisePattern(expanded), needsUnicode([expanded]) ? "u" : "");
        } catch (error) {
          throw new Error(
            `${(error as Error).message} (as compiled, where a literal space matches a run of whitespace: write \\s{n} for a count)`,
          );
        }
        // The prefilter joins every topic's anchors in one regex, which takes the `u` flag as soon as one of them
        // needs it: an anchor's pattern must also be valid there (no identity escape such as \" or \-).
        if (anchors.has(name))
          try {
            new RegExp(expanded, "u");
          } catch (error) {
            throw new Error(
              `${(error as Error).message} (with the u flag, as the prefilter compiles anchors)`,
            );
          }
        // What the prefilter scans for must be a regex of its own: the marker outside any group, once.
        const parts = p.split(SCAN_END);
        if (parts.length > 2) throw new Error(`${SCAN_END} appears more than once`);
        if (parts.length === 2) {
          const prefix = expandMacros(parts[0] as string, def.macros);
          if (prefix.trim() === "") throw new Error(`nothing before ${SCAN_END}`);
          new RegExp(prefix, needsUnicode([prefix]) ? "u" : "");
          // The words before the marker must start every match: not if a quantifier makes them optional
          // ("extends{SCAN_END}?") or the pattern has another alternative ("extend{SCAN_END} until|prolong").
          if (/^[?*+{]/.test(parts[1] as string)) throw new Error(`a quantifier after ${SCAN_END}`);
          if (splitAlternatives(p).length > 1) throw new Error(`${SCAN_END} in a pattern with a top-level |`);
        }
      } catch (error) {
        fail(
          `terms.${name}${Array.isArray(group) ? "" : ".patterns"}[${i}]`,
          `invalid regular expression: ${(error as Error).message}`,
        );
      }
    });
  }
  const known = (field: string, names: readonly string[]) => {
    names.forEach((n, i) => {
      if (!Object.hasOwn(def.terms, n)) fail(`${field}[${i}]`, `unknown term group "${n}"`);
    });
  };
  known("mask", def.mask);
  known("vetoes", def.vetoes);
  known(
    "documentVetoes",
    def.documentVetoes.map((v) => v.group),
  );
  def.documentVetoes.forEach((v, i) => {
    known(`documentVetoes[${i}].exceptGroups`, v.exceptGroups ?? []);
  });
  const ruleIds = new Set(def.rules.map((r) => r.id));
  for (const [name, ids] of Object.entries(def.ruleSets ?? {}))
    ids.forEach((id, j) => {
      if (!ruleIds.has(id)) fail(`ruleSets.${name}[${j}]`, `unknown rule "${id}"`);
    });
  def.documentVetoes.forEach((v, i) => {
    (v.exceptRules ?? []).forEach((id, j) => {
      const set = id.startsWith("@") ? id.slice(1) : undefined;
      if (set !== undefined ? !Object.hasOwn(def.ruleSets ?? {}, set) : !ruleIds.has(id))
        fail(
          `documentVetoes[${i}].exceptRules[${j}]`,
          `unknown ${set !== undefined ? "rule set" : "rule"} "${id}"`,
        );
    });
  });
  def.rules.forEach((rule, r) => {
    known(`rules[${r}].all`, rule.all);
    known(`rules[${r}].unless`, rule.unless ?? []);
  });
  const ids = new Set<string>();
  def.rules.forEach((rule, r) => {
    if (ids.has(rule.id)) fail(`rules[${r}].id`, `duplicate rule id "${rule.id}"`);
    ids.add(rule.id);
  });
  return def;
}
