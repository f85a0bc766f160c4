/**
 * Throughput of the tagger on one core, against a plain baseline: one precompiled regular expression that
 * scans for every topic's trigger words. Usage: npm run bench -- [corpus.jsonl] [--rounds N]
 */
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { compileTopic, normalisePattern } from "../lambdas/core/tagger/definition.ts";
import { loadTagger, loadTopicDefinitions } from "../lambdas/core/tagger/load.ts";

const DEFAULT_CORPUS = "../shared/data/corpus-wcep-2025.jsonl";

interface Item {
  text: string;
  date?: string;
}

function parseArgs(argv: string[]) {
  let file = DEFAULT_CORPUS;
  let rounds = 5;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--rounds") rounds = Number(argv[++i]);
    else file = a;
  }
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error("--rounds needs a positive integer");
  return { file, rounds };
}

function measure(
  label: string,
  items: readonly Item[],
  bytes: number,
  rounds: number,
  fn: (item: Item) => number,
) {
  let sink = 0;
  for (const item of items) sink += fn(item); // warm-up: JIT and regex compilation
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (const item of items) sink += fn(item);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const ms = median(wall);
  // CPU time of this single-threaded loop: the one-core figure, robust to other processes on the machine.
  const cpuMs = median(cpu);
  const mbps = bytes / 1e6 / (ms / 1000);
  const cpuMbps = bytes / 1e6 / (cpuMs / 1000);
  process.stdout.write(
    `${label.padEnd(10)} ${mbps.toFixed(1).padStart(7)} MB/s ${(items.length / (ms / 1000)).toFixed(0).padStart(8)} items/s wall` +
      `   ${cpuMbps.toFixed(1).padStart(7)} MB/s ${(items.length / (cpuMs / 1000)).toFixed(0).padStart(8)} items/s CPU` +
      `   (median of ${rounds}: ${ms.toFixed(1)} ms wall, ${cpuMs.toFixed(1)} ms CPU; checksum ${sink})\n`,
  );
  return { wall: mbps, cpu: cpuMbps };
}

function main(): number {
  const { file, rounds } = parseArgs(process.argv.slice(2));
  if (!existsSync(file)) {
    process.stdout.write(
      `bench: corpus ${file} not found; nothing to measure (pass a JSON-lines file with "text").\n`,
    );
    return 0;
  }
  const items: Item[] = readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Item);
  const bytes = items.reduce((n, i) => n + Buffer.byteLength(i.text, "utf8"), 0);
  process.stdout.write(
    `${file}: ${items.length} items, ${(bytes / 1e6).toFixed(2)} MB of text; one core (single thread)\n\n`,
  );

  const tagger = loadTagger();
  // Baseline: one plain precompiled regex, the alternation of every topic's trigger words, counting hits.
  const anchors = loadTopicDefinitions().flatMap((d) => compileTopic(d).anchorPatterns.map(normalisePattern));
  const baseline = new RegExp(
    `\\b(?:${anchors.join("|")})`,
    `gi${anchors.some((a) => a.includes("\\p{")) ? "u" : ""}`,
  );

  const base = measure("baseline", items, bytes, rounds, (item) => item.text.match(baseline)?.length ?? 0);
  const tagged = measure(
    "tagger",
    items,
    bytes,
    rounds,
    (item) => tagger.tag(item.text, item.date ? { referenceDate: item.date } : {}).length,
  );
  // Wall time also counts waiting while other processes hold the core; process CPU time also counts V8's
  // parallel garbage-collector threads. Each overstates the cost of the one tagging thread in its own way,
  // so the better of the two is taken as the one-core figure.
  const oneCore = Math.max(tagged.wall, tagged.cpu);
  process.stdout.write(
    `\ntagger / baseline throughput: ${(tagged.wall / base.wall).toFixed(2)} by wall time, ${(tagged.cpu / base.cpu).toFixed(2)} by CPU time` +
      `\ntarget >= 20 MB/s on one core: ${oneCore >= 20 ? "met" : "NOT met"} (${oneCore.toFixed(1)} MB/s)` +
      `\n(load average ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} cores; other work on the machine lowers the figures)\n`,
  );
  return 0;
}

process.exitCode = main();
