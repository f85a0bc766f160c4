/**
 * `wirewatch tag`: JSON lines {"id","text","date"?} on stdin, one JSON line out per input:
 * {"id","topics":[...],"evidence":{"<topic>":"<sentence>"},"deadline":{"phrase","date"}|null}.
 * A bad line gives an error on stderr naming its line number; the rest are still tagged and the exit code is 1.
 */
import * as z from "zod";
import { loadTagger } from "../../lambdas/core/tagger/load.ts";
import { CliError } from "../cli-error.ts";
import { lineBatches } from "../line-batches.ts";

const USAGE = `usage: wirewatch tag [--topics <dir>] < items.jsonl

Reads JSON lines {"id", "text", "date"?} on stdin ("date" is the reference date YYYY-MM-DD for relative
deadlines; without it, today) and writes one JSON line per input:
  {"id", "topics": [...], "evidence": {"<topic>": "<sentence>"}, "deadline": {"phrase", "date"} | null}

options:
  --topics <dir>  topic definitions to use (default: WIREWATCH_TOPICS_DIR or the repository's topics/)`;

const inputSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  text: z.string(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}/, "expected YYYY-MM-DD")
    .nullish(),
});

function parseArgs(argv: string[]): { topicsDir?: string; help: boolean } {
  let topicsDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") return { help: true };
    if (a === "--topics") {
      topicsDir = argv[++i];
      if (!topicsDir) throw new CliError("--topics needs a directory");
    } else throw new CliError(`unknown option "${a}"\n\n${USAGE}`);
  }
  return topicsDir ? { topicsDir, help: false } : { help: false };
}

export async function tagCommand(argv: string[]): Promise<number> {
  const { topicsDir, help } = parseArgs(argv);
  if (help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let tagger: ReturnType<typeof loadTagger>;
  try {
    tagger = loadTagger(topicsDir);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  let bad = 0;
  let lineNo = 0;
  for await (const lines of lineBatches(process.stdin)) {
    // The answers to one chunk's lines, written in one call (line-batches.ts).
    let out = "";
    for (const line of lines) {
      lineNo++;
      if (!line.trim()) continue;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (error) {
        bad++;
        process.stderr.write(`wirewatch tag: line ${lineNo}: not valid JSON (${(error as Error).message})\n`);
        continue;
      }
      const parsed = inputSchema.safeParse(json);
      if (!parsed.success) {
        bad++;
        const issues = parsed.error.issues
          .map((i) => `${i.path.join(".") || "(item)"}: ${i.message}`)
          .join("; ");
        process.stderr.write(`wirewatch tag: line ${lineNo}: ${issues}\n`);
        continue;
      }
      const { id, text, date } = parsed.data;
      const tags = tagger.tag(text, date ? { referenceDate: date } : {});
      const deadline = tags.find((t) => t.deadline)?.deadline ?? null;
      const answer = {
        id,
        topics: tags.map((t) => t.topic),
        evidence: Object.fromEntries(tags.map((t) => [t.topic, t.evidence])),
        deadline,
      };
      out += `${JSON.stringify(answer)}\n`;
    }
    if (out && !process.stdout.write(out)) {
      await new Promise((resolve) => process.stdout.once("drain", resolve));
    }
  }
  if (bad > 0) {
    process.stderr.write(`wirewatch tag: ${bad} bad input line${bad === 1 ? "" : "s"} skipped\n`);
    return 1;
  }
  return 0;
}
