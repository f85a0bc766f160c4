/**
 * What a real AWS account requires and moto does not check (issue 12). moto's CloudFormation creates no API stage,
 * no topic policy and no alarm, and never evaluates IAM, so each requirement below is pinned on the synthesized
 * template. The AWS behaviour each test relies on is cited next to the code that satisfies it.
 */
import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import {
  functionResource,
  resources,
  type Statement,
  type Synthesized,
  synth,
  topicsFixture,
} from "./synth.ts";

const topicsDir = topicsFixture(["deadline", "expulsions", "intelligence"]);
const stacks: Record<"iam" | "apikey", Synthesized> = {
  iam: synth({ topicsDir }),
  apikey: synth({ topicsDir, context: { apiAuth: "apikey" } }),
};

type Res = {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string[];
  DeletionPolicy?: string;
};
const raw = (s: Synthesized) => s.template.toJSON().Resources as Record<string, Res>;
const one = (s: Synthesized, type: string): [string, Res] => {
  const found = Object.entries(raw(s)).filter(([, r]) => r.Type === type);
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0] as [string, Res];
};

describe.each(["iam", "apikey"] as const)("finding 1: API Gateway access logs (apiAuth=%s)", (mode) => {
  const s = stacks[mode];

  it("sets the account's CloudWatch Logs role, which a stage with AccessLogSetting needs, before the stage", () => {
    const [stageId, stage] = one(s, "AWS::ApiGateway::Stage");
    expect(stage.Properties.AccessLogSetting).toBeDefined();
    const [accountId, account] = one(s, "AWS::ApiGateway::Account");
    const roleRef = account.Properties.CloudWatchRoleArn as { "Fn::GetAtt": [string, string] };
    expect(roleRef["Fn::GetAtt"][1]).toBe("Arn");
    // CloudFormation creates the stage only after the account setting exists.
    expect(raw(s)[stageId]?.DependsOn).toContain(accountId);

    const role = raw(s)[roleRef["Fn::GetAtt"][0]] as Res;
    expect(role.Type).toBe("AWS::IAM::Role");
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain("apigateway.amazonaws.com");
    expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toContain(
      "service-role/AmazonAPIGatewayPushToCloudWatchLogs",
    );
    // The setting is account-wide: deleting this stack must not take logging away from the account's other APIs.
    expect(role.DeletionPolicy).toBe("Retain");
    expect(raw(s)[accountId]?.DeletionPolicy).toBe("Retain");
  });

  it("stays cdk-nag clean", () => {
    expect(s.nagFindings()).toEqual([]);
  });
});

describe("finding 1, an account whose logging role is set elsewhere (apiLogRole=account)", () => {
  const s = synth({ topicsDir, context: { apiLogRole: "account" } });

  it("leaves the account settings alone and still writes access logs", () => {
    expect(resources(s.template, "AWS::ApiGateway::Account")).toEqual([]);
    const roles = resources(s.template, "AWS::IAM::Role").filter(([, r]) =>
      JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes("apigateway.amazonaws.com"),
    );
    expect(roles).toEqual([]);
    const [, stage] = one(s, "AWS::ApiGateway::Stage");
    expect(stage.Properties.AccessLogSetting).toBeDefined();
    expect(s.nagFindings()).toEqual([]);
  });

  it("refuses an unknown value, naming the key", () => {
    expect(() => synth({ topicsDir, context: { apiLogRole: "none" } })).toThrow(
      /apiLogRole must be "stack" or "account"/,
    );
  });
});

describe("finding 2: alarms reach the ops topic", () => {
  const s = stacks.iam;

  it("lets cloudwatch.amazonaws.com publish to the ops topic, for this account's alarms only", () => {
    const policies = resources(s.template, "AWS::SNS::TopicPolicy").filter(([, p]) =>
      JSON.stringify(p.Properties.Topics).includes("OperationsTopic"),
    );
    expect(policies).toHaveLength(1);
    const statements =
      (policies[0]?.[1].Properties.PolicyDocument as { Statement: Statement[] } | undefined)?.Statement ?? [];
    const allow = statements.filter(
      (st) => st.Effect === "Allow" && JSON.stringify(st.Principal).includes("cloudwatch.amazonaws.com"),
    );
    expect(allow).toHaveLength(1);
    const statement = allow[0] as Statement;
    expect(statement.Action).toBe("sns:Publish");
    expect(statement.Resource).toEqual({ Ref: expect.stringMatching(/^OperationsTopic/) });
    expect(statement.Condition?.StringEquals).toEqual({ "aws:SourceAccount": { Ref: "AWS::AccountId" } });
    // Every alarm of the stack, and nothing else, by ARN.
    const alarmIds = resources(s.template, "AWS::CloudWatch::Alarm").map(([id]) => id);
    expect(alarmIds.length).toBeGreaterThan(0);
    const arns = (statement.Condition?.ArnEquals as Record<string, unknown> | undefined)?.[
      "aws:SourceArn"
    ] as unknown[];
    expect(arns).toEqual(expect.arrayContaining(alarmIds.map((id) => ({ "Fn::GetAtt": [id, "Arn"] }))));
    expect(arns).toHaveLength(alarmIds.length);
  });

  it("alarms when the ingest queue backs up: its oldest message older than 15 minutes", () => {
    const backlog = resources(s.template, "AWS::CloudWatch::Alarm").filter(
      ([, a]) => a.Properties.MetricName === "ApproximateAgeOfOldestMessage",
    );
    expect(backlog).toHaveLength(1);
    const alarm = (backlog[0] as [string, { Properties: Record<string, unknown> }])[1].Properties;
    expect(alarm.Namespace).toBe("AWS/SQS");
    expect(alarm.Threshold).toBe(900);
    expect(alarm.ComparisonOperator).toBe("GreaterThanThreshold");
    expect(alarm.Statistic).toBe("Maximum");
    expect(JSON.stringify(alarm.Dimensions)).toMatch(/"QueueName".*IngestBucketQueue/);
    expect(JSON.stringify(alarm.AlarmActions)).toMatch(/OperationsTopic/);
  });
});

describe("finding 3: a missing object is NoSuchKey, not AccessDenied", () => {
  it("grants ingest-s3 s3:ListBucket on the ingest bucket itself, beside GetObject on incoming/*", () => {
    const s = stacks.iam;
    const fn = functionResource(s.template, "IngestS3Handler");
    const roleId = (fn.Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
    const statements = resources(s.template, "AWS::IAM::Policy")
      .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
    const list = statements.filter((st) => JSON.stringify(st.Action).includes("s3:ListBucket"));
    expect(list).toHaveLength(1);
    expect(list[0]?.Action).toBe("s3:ListBucket");
    expect(list[0]?.Resource).toEqual({ "Fn::GetAtt": [expect.stringMatching(/^IngestBucket/), "Arn"] });
    const get = statements.find((st) => st.Action === "s3:GetObject");
    expect(JSON.stringify(get?.Resource)).toMatch(/\/incoming\/\*/);
  });
});

describe("finding 4: durable retries for the S3 path", () => {
  const s = stacks.iam;
  const queues = () => resources(s.template, "AWS::SQS::Queue");
  const ingestQueue = () => {
    const found = queues().filter(([id]) => /^IngestBucketQueue/.test(id));
    expect(found).toHaveLength(1);
    return found[0] as [string, { Properties: Record<string, unknown> }];
  };

  it("routes Object Created events to an SQS queue (with its own delivery retries and DLQ), not to the function", () => {
    const [queueId] = ingestQueue();
    s.template.hasResourceProperties("AWS::Events::Rule", {
      Targets: [
        Match.objectLike({
          Arn: { "Fn::GetAtt": [queueId, "Arn"] },
          DeadLetterConfig: { Arn: { "Fn::GetAtt": [Match.stringLikeRegexp("^IngestDeadLetters"), "Arn"] } },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 },
        }),
      ],
    });
    const targets = resources(s.template, "AWS::Events::Rule").flatMap(
      ([, r]) => r.Properties.Targets as { Arn: unknown }[],
    );
    expect(JSON.stringify(targets)).not.toMatch(/IngestS3Handler/);
    // EventBridge may send to the queue only from this rule.
    s.template.hasResourceProperties("AWS::SQS::QueuePolicy", {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            // CDK's grantSendMessages; the two read actions reveal only the queue's own attributes.
            Action: ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"],
            Condition: {
              ArnEquals: {
                "aws:SourceArn": { "Fn::GetAtt": [Match.stringLikeRegexp("^IngestBucket"), "Arn"] },
              },
            },
          }),
        ]),
      },
    });
  });

  it("moves a message to the ingest DLQ after maxReceiveCount receives, with a visibility timeout 6x the function timeout", () => {
    const [, queue] = ingestQueue();
    const fnTimeout = functionResource(s.template, "IngestS3Handler").Properties.Timeout as number;
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * fnTimeout);
    expect(queue.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { "Fn::GetAtt": [expect.stringMatching(/^IngestDeadLetters/), "Arn"] },
      maxReceiveCount: 5,
    });
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
  });

  it("drives ingest-s3 from the queue with partial batch responses and bounded concurrency; no async DLQ left", () => {
    const [queueId] = ingestQueue();
    s.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: Match.stringLikeRegexp("^IngestS3Handler") },
      EventSourceArn: { "Fn::GetAtt": [queueId, "Arn"] },
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      BatchSize: 10,
      ScalingConfig: { MaximumConcurrency: Match.anyValue() },
    });
    expect(functionResource(s.template, "IngestS3Handler").Properties.DeadLetterConfig).toBeUndefined();
  });
});

describe("finding 5: SMS numbers", () => {
  it("refuses the old README example (+1 and 7 digits) and accepts a 555-01XX number with a real area code", () => {
    expect(() => synth({ topicsDir, context: { alertSms: "+15550100" } })).toThrow(/alertSms.*\+15550100/);
    const { template } = synth({ topicsDir, context: { alertSms: "+12025550143" } });
    template.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "sms", Endpoint: "+12025550143" });
  });
});

describe("finding 6: API key mode says how to read the key's value", () => {
  it("outputs the get-api-key command that prints the value", () => {
    const outputs = stacks.apikey.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const command = JSON.stringify(outputs.ApiKeyValueCommand?.Value);
    expect(command).toContain("aws apigateway get-api-key --api-key ");
    expect(command).toContain("--include-value --query value --output text");
    expect(command).toMatch(/"Ref":"IngestApiApiKey/);
    expect(outputs).toHaveProperty("ApiKeyId");
  });

  it("has no such output in iam mode", () => {
    expect(stacks.iam.template.toJSON().Outputs).not.toHaveProperty("ApiKeyValueCommand");
  });
});
