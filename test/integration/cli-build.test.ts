/**
 * The built CLI (scripts/build-cli.ts, what `npx wirewatch` runs) against the sources (cli/dev.mjs, what the
 * other tests run): the same output for `tag` and `replay`, the topics compiled in at build time, a topic file
 * added after the build still picked up, and `tag` loading neither the AWS SDK nor dynalite.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, TOPICS_DIR } from "../../infra/config.ts";
import { buildCli } from "../../scripts/build-cli.ts";

const topic = (name: string, word: string) => ({
  name,
  description: `Test topic ${name}.`,
  terms: { word: [word], state: ["government", "ministry"] },
  rules: [{ id: `${name}-rule`, all: ["word", "state"], near: 10, weight: 0.9 }],
});

const LINES = [
  { id: "a", text: "Estmark orders two Westmark diplomats to leave within 72 hours.", date: "2025-03-14" },
  { id: "b", text: "The ministry announced new sanctions on Westmark." },
  { id: "c", text: "The ministry weighs an embargo on Westmark grain." },
  { id: "d", text: "Markets were calm." },
];
const input = `${LINES.map((l) => JSON.stringify(l)).join("\n")}\n`;

let outDir: string;
let topicsDir: string;
let metafile: Metafile;

beforeAll(async () => {
  topicsDir = join(mkdtempSync(join(tmpdir(), "wirewatch-cli-topics-")), "topics");
  cpSync(TOPICS_DIR, topicsDir, { recursive: true });
  writeFileSync(join(topicsDir, "sanctions.json"), JSON.stringify(topic("sanctions", "sanctions")));
  // Inside the repository, so the packages left external (dynalite) resolve from node_modules.
  outDir = join(REPO_ROOT, "build", `test-cli-${process.pid}`);
  metafile = (await buildCli(outDir, topicsDir)).metafile;
}, 120_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(join(topicsDir, ".."), { recursive: true, force: true });
});

const env = () => ({ ...process.env, NODE_NO_WARNINGS: "1" });
const built = (args: string[], stdin = "") =>
  spawnSync(process.execPath, [join(outDir, "wirewatch.mjs"), ...args], {
    input: stdin,
    encoding: "utf8",
    env: env(),
    cwd: REPO_ROOT,
  });
const sources = (args: string[], stdin = "") =>
  spawnSync(process.execPath, [join(REPO_ROOT, "cli/dev.mjs"), ...args], {
    input: stdin,
    encoding: "utf8",
    env: { ...env(), WIREWATCH_TOPICS_DIR: topicsDir },
    cwd: REPO_ROOT,
  });

describe("the built CLI", () => {
  it("tags exactly as the sources do, with the topics compiled in at build time", () => {
    const b = built(["tag"], input);
    const s = sources(["tag"], input);
    expect(b.stderr).toBe("");
    expect(b.status).toBe(0);
    expect(b.stdout).toBe(s.stdout);
    const out = b.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { id: string; topics: string[] });
    expect(out.find((o) => o.id === "a")?.topics).toContain("expulsions");
    expect(out.find((o) => o.id === "b")?.topics).toEqual(["sanctions"]);
  });

  it("replays the sample events exactly as the sources do", () => {
    const b = built(["replay", "--json", "events/"]);
    const s = sources(["replay", "--json", "events/"]);
    expect(b.status).toBe(0);
    expect(b.stdout.trim().split("\n").length).toBeGreaterThan(5);
    expect(b.stdout).toBe(s.stdout);
  }, 60_000);

  it("picks up a topic file added after the build", () => {
    writeFileSync(join(topicsDir, "embargo.json"), JSON.stringify(topic("embargo", "embargo")));
    try {
      const out = built(["tag"], `${JSON.stringify(LINES[2])}\n`);
      expect(out.status).toBe(0);
      expect(JSON.parse(out.stdout).topics).toEqual(["embargo"]);
    } finally {
      rmSync(join(topicsDir, "embargo.json"));
    }
  });

  it("prints its usage and refuses an unknown topic naming the valid ones", () => {
    const help = built(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/commands:[\s\S]*replay[\s\S]*tag/);
    const bad = built([
      "subscribe",
      "--email",
      "a@b.org",
      "--topics",
      "nosuchtopic",
      "--subscribers",
      join(outDir, "s.json"),
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(
      'unknown topic "nosuchtopic"; valid topics: deadline, expulsions, intelligence, sanctions',
    );
  });

  it("loads neither the AWS SDK nor dynalite for `tag`", () => {
    // The static import closure of the entry and of the tag command's chunk.
    const outputs = metafile.outputs;
    const key = (file: string) => Object.keys(outputs).find((k) => k.endsWith(file)) as string;
    const entry = key("/wirewatch.mjs");
    const tagChunk = Object.keys(outputs).find((k) => /\/tag-[A-Z0-9]+\.mjs$/.test(k)) as string;
    expect(tagChunk).toBeDefined();
    const seen = new Set<string>();
    const visit = (k: string) => {
      if (seen.has(k)) return;
      seen.add(k);
      for (const i of outputs[k]?.imports ?? [])
        if (i.kind === "import-statement" && outputs[i.path]) visit(i.path);
    };
    visit(entry);
    visit(tagChunk);
    const inputs = [...seen].flatMap((k) => Object.keys(outputs[k]?.inputs ?? {}));
    const externals = [...seen].flatMap((k) =>
      (outputs[k]?.imports ?? []).filter((i) => i.external).map((i) => i.path),
    );
    expect(inputs.filter((p) => /node_modules\/@(aws-sdk|smithy)\//.test(p))).toEqual([]);
    expect(externals.filter((p) => p.startsWith("dynalite"))).toEqual([]);
    expect(inputs.some((p) => p.includes("lambdas/core/tagger/engine.ts"))).toBe(true);
  });
});
