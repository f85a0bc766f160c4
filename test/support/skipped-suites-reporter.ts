/**
 * A vitest reporter that ends the run with the list of moto suites that were skipped because moto_server is not
 * installed (their names carry MOTO_SKIP_MARKER), so a green run without moto cannot be mistaken for a full one.
 * CI sets WIREWATCH_REQUIRE_MOTO=1, under which a missing moto fails the run instead.
 */
import type { Reporter, TestModule } from "vitest/node";
import { MOTO_SKIP_MARKER } from "./moto.ts";

export default class SkippedSuitesReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const skipped: string[] = [];
    for (const module of modules)
      for (const suite of module.children.allSuites())
        if (suite.name.includes(MOTO_SKIP_MARKER))
          skipped.push(
            `${module.moduleId.replace(`${process.cwd()}/`, "")} > ${suite.name.replace(` ${MOTO_SKIP_MARKER}`, "")}`,
          );
    if (skipped.length === 0) return;
    process.stderr.write(
      `\n!!! ${skipped.length} moto suite(s) SKIPPED because moto_server is not installed (pip install "moto[server]"):\n${skipped.map((s) => `    - ${s}`).join("\n")}\n`,
    );
  }
}
