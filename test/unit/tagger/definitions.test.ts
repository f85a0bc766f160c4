import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseTopicDefinition } from "../../../lambdas/core/tagger/index.ts";
import { defaultTopicsDir, loadTagger, loadTopicDefinitions } from "../../../lambdas/core/tagger/load.ts";

const valid = {
  name: "sanctions",
  description: "Sanctions imposed by a state.",
  metadata: { cameo: ["163"] },
  terms: { sanction: ["sanction(?:s|ed|ing)?"], state: ["government", "ministry"] },
  rules: [{ id: "state-sanctions", all: ["sanction", "state"], near: 10, weight: 0.9 }],
};

describe("parseTopicDefinition", () => {
  it("accepts a valid definition and fills defaults", () => {
    const def = parseTopicDefinition(valid, "sanctions.json");
    expect(def.threshold).toBe(0.5);
    expect(def.mask).toEqual([]);
    expect(def.metadata).toEqual({ cameo: ["163"] });
  });

  const bad: [string, unknown, RegExp][] = [
    ["a missing field", { ...valid, description: undefined }, /x\.json: description: /],
    ["a bad name", { ...valid, name: "Bad Name" }, /x\.json: name: use lower-case/],
    ["no rules", { ...valid, rules: [] }, /x\.json: rules: a topic needs at least one rule/],
    ["an unknown field", { ...valid, trigger: "x" }, /x\.json: \(root\): .*trigger/],
    [
      "a weight out of range",
      { ...valid, rules: [{ id: "r", all: ["state"], weight: 2 }] },
      /rules\[0\]\.weight/,
    ],
    [
      "an unknown term group",
      { ...valid, rules: [{ id: "r", all: ["state", "sanctoin"], weight: 0.5 }] },
      /x\.json: rules\[0\]\.all\[1\]: unknown term group "sanctoin"/,
    ],
    ["an unknown mask group", { ...valid, mask: ["nope"] }, /x\.json: mask\[0\]: unknown term group "nope"/],
    [
      "an invalid regular expression",
      { ...valid, terms: { ...valid.terms, state: ["govern(ment"] } },
      /x\.json: terms\.state\[0\]: invalid regular expression/,
    ],
    [
      "an unknown macro",
      { ...valid, terms: { ...valid.terms, state: ["{NOPE}"] } },
      /x\.json: terms\.state\[0\]: .*unknown macro \{NOPE\}/,
    ],
    [
      "a duplicate rule id",
      { ...valid, rules: [valid.rules[0], valid.rules[0]] },
      /x\.json: rules\[1\]\.id: duplicate rule id "state-sanctions"/,
    ],
    ["an unknown extractor", { ...valid, extract: "weather" }, /x\.json: extract: /],
  ];
  for (const [what, json, message] of bad) {
    it(`names the file and field for ${what}`, () => {
      expect(() => parseTopicDefinition(json, "x.json")).toThrow(message);
    });
  }
});

describe("loading topic files", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "wirewatch-topics-"));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("ships the three topics with their CAMEO codes", () => {
    const defs = loadTopicDefinitions();
    expect(defs.map((d) => d.name)).toEqual(["deadline", "expulsions", "intelligence"]);
    expect(defs.map((d) => d.metadata?.cameo)).toEqual([["139", "1313"], ["161", "166", "174"], ["1125"]]);
  });

  it("picks up a new topic added as a file, with no code change", () => {
    const dir = tempDir();
    for (const d of loadTopicDefinitions()) writeFileSync(join(dir, `${d.name}.json`), JSON.stringify(d));
    writeFileSync(join(dir, "sanctions.json"), JSON.stringify(valid));
    writeFileSync(join(dir, "README.txt"), "not a topic");
    const tagger = loadTagger(dir);
    expect(tagger.topics).toEqual(["deadline", "expulsions", "intelligence", "sanctions"]);
    const tags = tagger.tag(
      "The ministry announced new sanctions on Westmark. Estmark expels two diplomats.",
    );
    expect(tags.map((t) => t.topic).sort()).toEqual(["expulsions", "sanctions"]);
    expect(tags.find((t) => t.topic === "sanctions")?.evidence).toBe(
      "The ministry announced new sanctions on Westmark.",
    );
  });

  it("reports the file of a broken definition", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "broken.json"), "{ not json");
    expect(() => loadTopicDefinitions(dir)).toThrow(/broken\.json: not valid JSON/);
    writeFileSync(join(dir, "broken.json"), JSON.stringify({ ...valid, rules: "x" }));
    expect(() => loadTopicDefinitions(dir)).toThrow(/broken\.json: rules: /);
  });

  it("fails clearly on an empty or missing directory", () => {
    const dir = tempDir();
    expect(() => loadTopicDefinitions(dir)).toThrow(/no topic definitions/);
    expect(() => loadTopicDefinitions(join(dir, "missing"))).toThrow(/cannot read topics directory/);
  });

  it("caches one tagger per directory", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "sanctions.json"), JSON.stringify(valid));
    expect(loadTagger(dir)).toBe(loadTagger(dir));
  });

  it("resolves the default directory from the environment or the repository", () => {
    expect(defaultTopicsDir({ WIREWATCH_TOPICS_DIR: "/opt/topics" })).toBe("/opt/topics");
    // Lambda bundles carry the definitions compiled in (test/unit/builtin-topics.test.ts), not a directory.
    expect(defaultTopicsDir({ LAMBDA_TASK_ROOT: "/var/task" })).toBe(defaultTopicsDir({}));
    const repoDir = defaultTopicsDir({});
    expect(JSON.parse(readFileSync(join(repoDir, "expulsions.json"), "utf8")).name).toBe("expulsions");
    mkdirSync(join(tempDir(), "unused"));
  });
});
