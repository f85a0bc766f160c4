/**
 * `npm run eval`: the tune/check split is deterministic, the check half's errors are never printed (so nobody
 * tunes on it by accident), and `--min-f1` gates on the check half. The labelled file is written here, in our
 * own words (invented countries).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { halfOf, main } from "../../../scripts/eval.ts";

const row = (id: string, source: string, text: string, labels: Partial<Record<string, number | string>>) =>
  JSON.stringify({
    id,
    date: "2025-03-14",
    source,
    text,
    expulsions: 0,
    intelligence: 0,
    deadline: 0,
    borderline: [],
    deadline_phrase: null,
    deadline_date: null,
    ...labels,
  });

// item-3, item-4, item-7 are in the tuning half; item-0, item-1, item-2 in the check half (sha256 first byte).
const FILE = join(mkdtempSync(join(tmpdir(), "wirewatch-eval-")), "labelled.jsonl");
writeFileSync(
  FILE,
  [
    // tuning half: one hit, one miss (labelled deadline, but the text states none)
    row("item-3", "alpha", "Estmark must withdraw its troops by Sunday.", {
      deadline: 1,
      deadline_date: "2025-03-16",
    }),
    row("item-4", "alpha", "TUNE-MISS the harvest was good in Norland this year.", { deadline: 1 }),
    row("item-7", "alpha", "TUNE-MISS the ferry to Portville runs twice a day.", { deadline: 1 }),
    // check half: one hit, one miss that must never be printed
    row("item-0", "beta", "Westmark gives the rebels until Friday to disarm.", {
      deadline: 1,
      deadline_date: "2025-03-14",
    }),
    row("item-1", "beta", "CHECK-MISS the rivers of Southland are wide and slow.", { deadline: 1 }),
    row("item-2", "alpha", "A quiet day in Portville.", {}),
  ].join("\n"),
);

function run(args: string[]) {
  let out = "";
  const code = main([FILE, ...args], (s) => {
    out += s;
  });
  return { code, out };
}

describe("npm run eval", () => {
  it("splits by the first byte of sha256(id): even = tune, odd = check", () => {
    expect(["item-0", "item-1", "item-2", "item-3", "item-4"].map(halfOf)).toEqual([
      "check",
      "check",
      "check",
      "tune",
      "tune",
    ]);
  });

  it("prints both halves, per source, with per-half date accuracy", () => {
    const { code, out } = run([]);
    expect(code).toBe(0);
    expect(out).toContain("tune half");
    expect(out).toContain("check half");
    expect(out).toMatch(/deadline +alpha/);
    expect(out).toMatch(/deadline +beta/);
    expect(out).toMatch(/deadline dates all +: 1\/1/);
  });

  it("--verbose prints tuning-half errors and never a check-half item", () => {
    const { out } = run(["--verbose"]);
    expect(out).toContain("TUNE-MISS");
    expect(out).toContain("item-4");
    expect(out).not.toContain("CHECK-MISS");
    expect(out).not.toContain("item-1");
  });

  it("refuses --verbose on the check half", () => {
    expect(run(["--verbose", "--half", "check"]).code).toBe(2);
  });

  it("--min-f1 gates on the check half (deadline F1: tune 1/2, check 2/3)", () => {
    expect(run(["--min-f1", "0.9"]).code).toBe(1);
    expect(run(["--min-f1", "0.6"]).code).toBe(0);
    expect(run(["--half", "check", "--min-f1", "0.6"]).code).toBe(0);
    expect(run(["--half", "tune", "--min-f1", "0.6"]).code).toBe(1);
  });
});
