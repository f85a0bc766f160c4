/**
 * Loads topic definition files from a directory. Kept apart from index.ts so the engine itself stays free of
 * file-system access; this is the only part of the tagger that touches the disk.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseTopicDefinition, type TopicDefinition, TopicDefinitionError } from "./definition.ts";
import { createTagger } from "./engine.ts";
import type { Tagger } from "./types.ts";

/**
 * Where topic files live: `WIREWATCH_TOPICS_DIR` if set; in Lambda `${LAMBDA_TASK_ROOT}/topics` (the
 * function construct copies `topics/` next to the bundle); otherwise the repository's `topics/`.
 */
export function defaultTopicsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WIREWATCH_TOPICS_DIR) return resolve(env.WIREWATCH_TOPICS_DIR);
  if (env.LAMBDA_TASK_ROOT) return join(env.LAMBDA_TASK_ROOT, "topics");
  return fileURLToPath(new URL("../../../topics/", import.meta.url));
}

/** Reads and validates every `*.json` file in `dir`, in file-name order. */
export function loadTopicDefinitions(dir: string = defaultTopicsDir()): TopicDefinition[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort();
  } catch (error) {
    throw new TopicDefinitionError(`cannot read topics directory ${dir}: ${(error as Error).message}`);
  }
  if (files.length === 0) throw new TopicDefinitionError(`no topic definitions (*.json) in ${dir}`);
  return files.map((file) => {
    const path = join(dir, file);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      throw new TopicDefinitionError(`${path}: not valid JSON: ${(error as Error).message}`);
    }
    return parseTopicDefinition(json, path);
  });
}

const cache = new Map<string, Tagger>();

/** A tagger for the definitions in `dir`, built once per directory and reused (warm Lambda invocations). */
export function loadTagger(dir: string = defaultTopicsDir()): Tagger {
  const key = resolve(dir);
  let tagger = cache.get(key);
  if (!tagger) {
    tagger = createTagger(loadTopicDefinitions(key));
    cache.set(key, tagger);
  }
  return tagger;
}
