/** `wirewatch tag` end to end: JSON lines in, JSON lines out, bad lines named on stderr. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The sources (cli/dev.mjs), so the test sees the code as it is; cli-build.test.ts checks the build matches.
const BIN = fileURLToPath(new URL("../../../cli/dev.mjs", import.meta.url));

function run(input: string, args: string[] = []) {
  const r = spawnSync(process.execPath, [BIN, "tag", ...args], { input, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("wirewatch tag", () => {
  it("writes one JSON line per input with topics, evidence and the deadline", () => {
    const input = [
      JSON.stringify({
        id: "a",
        text: "Estmark orders two Westmark diplomats to leave within 72 hours.",
        date: "2025-03-14",
      }),
      JSON.stringify({ id: "b", text: "Markets were calm." }),
    ].join("\n");
    const { code, stdout, stderr } = run(`${input}\n`);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      {
        id: "a",
        topics: ["deadline", "expulsions"],
        evidence: {
          deadline: "Estmark orders two Westmark diplomats to leave within 72 hours.",
          expulsions: "Estmark orders two Westmark diplomats to leave within 72 hours.",
        },
        deadline: { phrase: "within 72 hours", date: "2025-03-17" },
      },
      { id: "b", topics: [], evidence: {}, deadline: null },
    ]);
  });

  it("names bad lines on stderr, keeps going, and exits non-zero", () => {
    const input = [
      "{not json",
      JSON.stringify({ id: "x" }),
      JSON.stringify({ id: "ok", text: "CIA chief speaks." }),
    ];
    const { code, stdout, stderr } = run(`${input.join("\n")}\n`);
    expect(code).toBe(1);
    expect(stderr).toMatch(/line 1: not valid JSON/);
    expect(stderr).toMatch(/line 2: text: /);
    expect(
      stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).id),
    ).toEqual(["ok"]);
  });

  it("rejects unknown options with a usage message", () => {
    const { code, stderr } = run("", ["--bogus"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown option "--bogus"/);
  });
});
