import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { WirewatchStack } from "./wirewatch-stack.ts";

const app = new App();
new WirewatchStack(app, "Wirewatch");
// cdk-nag 3.x runs as a policy-validation plugin: unacknowledged findings fail `cdk synth`.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
