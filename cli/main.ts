import { CliError } from "./cli-error.ts";

/** A subcommand: returns the process exit code. Writes results to stdout, diagnostics to stderr. */
export type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  replay: {
    summary: "replay sample events through the real handlers on the embedded (or a deployed) backend",
    load: async () => (await import("./commands/replay.ts")).replay,
  },
  tag: {
    summary: "tag JSON lines {id, text, date?} from stdin, one JSON line out per input",
    load: async () => (await import("./commands/tag.ts")).tagCommand,
  },
};

/** Lets other modules add commands without editing the dispatcher (see cli/commands/index.ts). */
export function registerCommand(name: string, summary: string, load: () => Promise<Command>): void {
  COMMANDS[name] = { summary, load };
}

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return `usage: wirewatch <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun "wirewatch <command> --help" for a command's options.`;
}

export async function main(argv: string[]): Promise<number> {
  await import("./commands/index.ts");
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`wirewatch: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await (await command.load())(rest);
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`wirewatch ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
