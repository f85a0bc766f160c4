import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { REPO_ROOT, readContext } from "../../infra/config.ts";
import { WirewatchStack } from "../../infra/wirewatch-stack.ts";

const CDK_JSON_CONTEXT = (
  JSON.parse(readFileSync(join(REPO_ROOT, "cdk.json"), "utf8")) as { context?: object }
).context;

export interface SynthOptions {
  /** `-c key=value` context, as the CLI would pass it. */
  context?: Record<string, string>;
  /** Bundle the functions with esbuild (slow); otherwise CDK skips bundling and stages a placeholder. */
  bundle?: boolean;
  /** Topic definitions to validate `alertTopics` against. @default the repository's topics/ */
  topicsDir?: string;
}

export interface Synthesized {
  app: App;
  stack: WirewatchStack;
  template: Template;
  /** cdk-nag AwsSolutions findings left after the acknowledgements, as `severity ruleId path`. */
  nagFindings: () => string[];
}

export function synth(options: SynthOptions = {}): Synthesized {
  const app = new App({
    context: {
      // The feature flags `cdk synth` reads from cdk.json, so the tests see the template the CLI writes.
      ...CDK_JSON_CONTEXT,
      ...options.context,
      // An empty list tells CDK to bundle no stack's assets (what `cdk synth --exclusively` does for others).
      ...(options.bundle ? {} : { "aws:cdk:bundling-stacks": [] }),
    },
  });
  const stack = new WirewatchStack(app, "Wirewatch", {
    context: readContext(app.node),
    topicsDir: options.topicsDir,
  });
  const template = Template.fromStack(stack);
  const nagFindings = () =>
    new AwsSolutionsChecks()
      .validateScope(app)
      .violations.flatMap((v) =>
        v.violatingResources.map((r) => `${v.severity} ${v.ruleName} ${r.constructPath}`),
      );
  return { app, stack, template, nagFindings };
}

/** A topics directory holding `<name>.json` for each name (contents do not matter to the infra). */
export function topicsFixture(names: string[]): string {
  const dir = join(mkdtempSync(join(tmpdir(), "wirewatch-topics-")), "topics");
  mkdirSync(dir);
  for (const name of names) writeFileSync(join(dir, `${name}.json`), JSON.stringify({ name }));
  return dir;
}

type Resource = { Type: string; Properties: Record<string, unknown> };

export function resources(template: Template, type?: string): [string, Resource][] {
  const all = template.toJSON().Resources as Record<
    string,
    { Type: string; Properties?: Record<string, unknown> }
  >;
  return Object.entries(all)
    .filter(([, r]) => type === undefined || r.Type === type)
    .map(([id, r]) => [id, { Type: r.Type, Properties: r.Properties ?? {} }]);
}

export interface Statement {
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, unknown>;
}

export const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** Every policy statement in the template: identity policies, resource policies, key policies. */
export function allStatements(template: Template): { id: string; statement: Statement }[] {
  const out: { id: string; statement: Statement }[] = [];
  for (const [id, r] of resources(template)) {
    for (const key of ["PolicyDocument", "KeyPolicy", "AssumeRolePolicyDocument"]) {
      const doc = r.Properties[key] as { Statement?: Statement[] } | undefined;
      for (const statement of doc?.Statement ?? []) out.push({ id, statement });
    }
  }
  return out;
}

/** The Lambda function whose logical id starts with `fnPrefix`. */
export function functionResource(template: Template, fnPrefix: string): Resource {
  const found = resources(template, "AWS::Lambda::Function").find(([id]) => id.startsWith(fnPrefix));
  if (!found) throw new Error(`no function ${fnPrefix}*`);
  return found[1];
}

/** The actions the identity policy attached to the role of the function with logical id prefix `fnPrefix` allows. */
export function functionActions(template: Template, fnPrefix: string): string[] {
  const fn = functionResource(template, fnPrefix);
  const roleId = (fn.Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
  return resources(template, "AWS::IAM::Policy")
    .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .flatMap(actionsOf)
    .sort();
}
