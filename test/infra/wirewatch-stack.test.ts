import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Match } from "aws-cdk-lib/assertions";
import type { DynamoDBRecord } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { matchesEventPattern } from "../../cli/local/local-stream.ts";
import { ENV } from "../../lambdas/config.ts";
import { loadSample } from "../support/moto-harness.ts";
import {
  actionsOf,
  allStatements,
  functionActions,
  functionResource,
  resources,
  type Statement,
  type Synthesized,
  synth,
} from "./synth.ts";

// One synthesized stack for the whole file, bundled for real (esbuild, a few seconds per function).
let s: Synthesized;
beforeAll(() => {
  s = synth({ bundle: true });
}, 120_000);

const fnIds = () => resources(s.template, "AWS::Lambda::Function").map(([id]) => id);

describe("functions", () => {
  it("are exactly our six: no custom-resource or helper functions", () => {
    const ids = fnIds();
    expect(ids).toHaveLength(6);
    for (const prefix of [
      "IngestApiHandler",
      "IngestS3Handler",
      "NotifyHandler",
      "FeedPollerHandler",
      "DigestsHandler",
      "RemindersHandler",
    ]) {
      expect(ids.some((id) => id.startsWith(prefix))).toBe(true);
    }
  });

  it("run Node.js 24 on ARM64, without X-Ray by default, with the Powertools settings", () => {
    s.template.allResourcesProperties("AWS::Lambda::Function", {
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      // Tracing is off unless deployed with -c tracing=active (test/infra/context.test.ts).
      TracingConfig: Match.absent(),
      Handler: "index.handler",
      LoggingConfig: { LogGroup: { Ref: Match.anyValue() } },
      Environment: {
        Variables: Match.objectLike({
          // No --enable-source-maps: it measured as most of a cold start (infra/constructs/wirewatch-function.ts).
          NODE_OPTIONS: Match.absent(),
          POWERTOOLS_METRICS_NAMESPACE: "wirewatch",
          POWERTOOLS_SERVICE_NAME: Match.stringLikeRegexp("^wirewatch-"),
        }),
      },
    });
  });

  it("get the resource names through the shared ENV names", () => {
    const vars = (prefix: string) => {
      const fn = functionResource(s.template, prefix);
      return (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    };
    for (const prefix of ["IngestApiHandler", "IngestS3Handler"]) {
      expect(vars(prefix)[ENV.tableName]).toEqual({ Ref: expect.stringMatching(/^ArticlesTable/) });
      expect(vars(prefix)[ENV.topicArn]).toBeUndefined();
    }
    expect(vars("NotifyHandler")[ENV.tableName]).toEqual({ Ref: expect.stringMatching(/^ArticlesTable/) });
    expect(vars("NotifyHandler")[ENV.topicArn]).toEqual({ Ref: expect.stringMatching(/^AlertsTopic/) });
  });

  it("each log to their own log group with retention", () => {
    const groups = resources(s.template, "AWS::Logs::LogGroup");
    expect(groups.length).toBe(7); // six functions and the API access log
    for (const [, g] of groups) expect(g.Properties.RetentionInDays).toBe(30);
  });

  it("bundle as minified ESM with a metafile, the SDK inside, the topics compiled into the ingest functions only", () => {
    const assetDir = (prefix: string) => {
      const fn = functionResource(s.template, prefix);
      const key = (fn.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, "");
      return join(s.app.outdir, `asset.${key}`);
    };
    for (const prefix of ["IngestApiHandler", "IngestS3Handler", "NotifyHandler", "FeedPollerHandler"]) {
      const dir = assetDir(prefix);
      expect(readdirSync(dir).sort()).toEqual(["index.meta.json", "index.mjs", "index.mjs.map"]);
      const meta = JSON.parse(readFileSync(join(dir, "index.meta.json"), "utf8")) as {
        outputs: Record<
          string,
          { inputs: Record<string, unknown>; imports: { path: string; external?: boolean }[] }
        >;
      };
      const [output] = Object.entries(meta.outputs).filter(([k]) => k.endsWith("index.mjs"));
      const inputs = Object.keys(output?.[1].inputs ?? {});
      // The definitions come from the injected module, not a topics/ folder read at cold start.
      expect(inputs.some((p) => /builtin-topics-[0-9a-f]+\.mjs$/.test(p))).toBe(prefix !== "NotifyHandler");
      // DynamoDB through the document client (lambdas/adapters/dynamo-client.ts), not the SDK's client; the
      // SDK clients the function uses are inside the bundle.
      expect(inputs.some((p) => p.includes("lambdas/adapters/dynamo-client.ts"))).toBe(true);
      expect(inputs.some((p) => p.includes("node_modules/@aws-sdk/client-dynamodb/"))).toBe(false);
      const sdkClient = { NotifyHandler: "client-sns", IngestS3Handler: "client-s3" }[prefix as string];
      if (sdkClient) expect(inputs.some((p) => p.includes(`node_modules/@aws-sdk/${sdkClient}/`))).toBe(true);
      expect(output?.[1].imports.filter((i) => i.external && i.path.startsWith("@aws-sdk/"))).toEqual([]);
      // Lambda's credentials are in the environment: the default chain's other providers are not bundled.
      expect(inputs.some((p) => p.includes("lambdas/adapters/lambda-credentials.ts"))).toBe(true);
      expect(inputs.some((p) => p.includes("credential-provider-sso"))).toBe(false);
    }
  });
});

describe("least privilege", () => {
  it("grants each function exactly the actions it uses", () => {
    // No X-Ray actions: tracing is off by default (granted with -c tracing=active, test/infra/context.test.ts).
    const base = ["logs:CreateLogStream", "logs:PutLogEvents"];
    const ingest = [
      "dynamodb:BatchWriteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      // stories: LSH bucket queries, candidate stories, joining one
      "dynamodb:Query",
      "dynamodb:BatchGetItem",
      "dynamodb:UpdateItem",
    ];
    expect(functionActions(s.template, "IngestApiHandler")).toEqual([...base, ...ingest].sort());
    // Driven by the ingest queue (consume actions) and reading incoming/ objects; ListBucket so that S3 answers
    // a missing key with NoSuchKey (test/infra/real-account.test.ts, finding 3).
    expect(functionActions(s.template, "IngestS3Handler")).toEqual(
      [
        ...base,
        ...ingest,
        "s3:GetObject",
        "s3:ListBucket",
        "sqs:ChangeMessageVisibility",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
        "sqs:ReceiveMessage",
      ].sort(),
    );
    // The poller's own needs (feed registry Query, seen-marker BatchGetItem, feed-state UpdateItem) are the
    // same actions the ingest path now takes for stories.
    expect(functionActions(s.template, "FeedPollerHandler")).toEqual(
      [...base, ...ingest, "sqs:SendMessage"].sort(),
    );
    expect(functionActions(s.template, "NotifyHandler")).toEqual(
      [
        ...base,
        "dynamodb:BatchGetItem",
        "dynamodb:UpdateItem",
        "dynamodb:DescribeStream",
        "dynamodb:GetRecords",
        "dynamodb:GetShardIterator",
        "dynamodb:ListStreams",
        "sns:Publish",
        "kms:Decrypt",
        "kms:GenerateDataKey",
        "sqs:SendMessage",
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
        "scheduler:CreateSchedule",
        "iam:PassRole",
        "sns:ListSubscriptionsByTopic",
        "sns:GetSubscriptionAttributes",
      ].sort(),
    );
    expect(functionActions(s.template, "DigestsHandler")).toEqual(
      [
        ...base,
        "dynamodb:BatchGetItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
        "sns:Publish",
        "sns:ListSubscriptionsByTopic",
        "sns:GetSubscriptionAttributes",
        "kms:Decrypt",
        "kms:GenerateDataKey",
      ].sort(),
    );
    expect(functionActions(s.template, "RemindersHandler")).toEqual(
      [
        ...base,
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "sns:Publish",
        "kms:Decrypt",
        "kms:GenerateDataKey",
      ].sort(),
    );
  });

  it("has no Allow statement with a wildcard action anywhere (identity, resource or key policies)", () => {
    const statements = allStatements(s.template);
    expect(statements.length).toBeGreaterThan(10);
    const wild = statements.filter(
      ({ statement }) => statement.Effect === "Allow" && actionsOf(statement).some((a) => a.includes("*")),
    );
    expect(wild).toEqual([]);
  });

  it("uses wildcard actions only to deny non-TLS access", () => {
    const denies = allStatements(s.template).filter(({ statement }) =>
      actionsOf(statement).some((a) => a.includes("*")),
    );
    expect(denies.length).toBeGreaterThan(0);
    for (const { statement } of denies) {
      expect(statement.Effect).toBe("Deny");
      expect(statement.Condition).toEqual({ Bool: { "aws:SecureTransport": "false" } });
    }
  });

  it("uses resource wildcards only for ListStreams, GetSubscriptionAttributes, the incoming/ key prefix, the poller's versions and the reminder group's schedules (and X-Ray when tracing is on)", () => {
    const serviceWide = new Set(["dynamodb:ListStreams", "sns:GetSubscriptionAttributes"]);
    const wildcard = resources(s.template, "AWS::IAM::Policy")
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
      .filter((st) => JSON.stringify(st.Resource).includes("*"));
    const byAction = new Map<string, unknown>();
    for (const st of wildcard) for (const action of actionsOf(st)) byAction.set(action, st.Resource);
    for (const [action, resource] of byAction) {
      if (serviceWide.has(action)) expect(resource).toBe("*");
      else if (action === "scheduler:CreateSchedule")
        expect(JSON.stringify(resource)).toMatch(/:schedule\/",\{"Ref":"RemindersGroup[0-9A-F]+"\},"\/\*"/);
      else if (action === "lambda:InvokeFunction") {
        // The scheduler may invoke the poller and its own versions or aliases (ARN:*), nothing else.
        expect(resource).toEqual([
          { "Fn::GetAtt": [expect.stringMatching(/^FeedPollerHandlerFunction/), "Arn"] },
          {
            "Fn::Join": [
              "",
              [{ "Fn::GetAtt": [expect.stringMatching(/^FeedPollerHandlerFunction/), "Arn"] }, ":*"],
            ],
          },
        ]);
      } else {
        expect(action).toBe("s3:GetObject");
        expect(JSON.stringify(resource)).toMatch(/"\/incoming\/\*"/);
      }
    }
    expect([...byAction.keys()].sort()).toEqual(
      [...serviceWide, "s3:GetObject", "lambda:InvokeFunction", "scheduler:CreateSchedule"].sort(),
    );
  });

  it("gives the functions their own roles with no managed policies", () => {
    const roles = resources(s.template, "AWS::IAM::Role");
    for (const [id, role] of roles) {
      // The one exception: the account-wide API Gateway logging role (real-account.test.ts, finding 1).
      if (id.startsWith("IngestApiCloudWatchRole")) continue;
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
    expect(roles.filter(([id]) => id.startsWith("IngestApiCloudWatchRole"))).toHaveLength(1);
  });
});

describe("table and stream", () => {
  it("is on demand, recoverable, encrypted, streaming new images, indexed by topic, retained", () => {
    s.template.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: Match.objectLike({
        BillingMode: "PAY_PER_REQUEST",
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        StreamSpecification: { StreamViewType: "NEW_IMAGE" },
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: "byTopic",
            KeySchema: [
              { AttributeName: "gsi1pk", KeyType: "HASH" },
              { AttributeName: "gsi1sk", KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "ALL" },
          },
        ],
      }),
    });
  });

  it("feeds notify new articles only, with partial failures, bisection, bounded retries and a DLQ", () => {
    const streamMappings = resources(s.template, "AWS::Lambda::EventSourceMapping").filter(([, m]) =>
      JSON.stringify(m.Properties.EventSourceArn).includes("StreamArn"),
    );
    expect(streamMappings).toHaveLength(1);
    s.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: Match.stringLikeRegexp("^NotifyHandler") },
      EventSourceArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^ArticlesTable"), "StreamArn"] },
      StartingPosition: "LATEST",
      BatchSize: 25,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 86400,
      DestinationConfig: {
        OnFailure: { Destination: { "Fn::GetAtt": [Match.stringLikeRegexp("^NotifyDeadLetters"), "Arn"] } },
      },
    });
  });
});

describe("the notify stream filter as deployed", () => {
  // Read from the template and compared with a literal, not with the constant the stack is built from: a wrong
  // constant would otherwise pass.
  const deployedPattern = () => {
    const [mapping] = resources(s.template, "AWS::Lambda::EventSourceMapping").filter(([, m]) =>
      JSON.stringify(m.Properties.EventSourceArn).includes("StreamArn"),
    );
    const filters = (mapping?.[1].Properties.FilterCriteria as { Filters: { Pattern: string }[] } | undefined)
      ?.Filters;
    expect(filters).toHaveLength(1);
    return JSON.parse(filters?.[0]?.Pattern ?? "null") as unknown;
  };

  it("is exactly: INSERT events of items whose sort key is ARTICLE", () => {
    expect(deployedPattern()).toEqual({
      eventName: ["INSERT"],
      dynamodb: { NewImage: { sk: { S: ["ARTICLE"] } } },
    });
  });

  it("passes an article INSERT and drops a tag-edge INSERT and a MODIFY of the article", () => {
    const { Records } = loadSample<{ Records: DynamoDBRecord[] }>("dynamodb/01-stream-batch-insert.json");
    const shape = (r: DynamoDBRecord) => `${r.eventName} ${r.dynamodb?.NewImage?.sk?.S}`;
    expect(Records.map(shape)).toEqual(["INSERT ARTICLE", "INSERT TAG#expulsions", "MODIFY ARTICLE"]);
    const pattern = deployedPattern();
    expect(Records.filter((r) => matchesEventPattern(pattern, r)).map(shape)).toEqual(["INSERT ARTICLE"]);
  });
});

describe("encryption and TLS", () => {
  it("encrypts the alerts topic with a rotating customer-managed key and refuses plain HTTP", () => {
    s.template.hasResourceProperties("AWS::SNS::Topic", {
      DisplayName: "wirewatch alerts",
      KmsMasterKeyId: { "Fn::GetAtt": [Match.stringLikeRegexp("^AlertsKey"), "Arn"] },
    });
    s.template.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
    s.template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      Topics: [{ Ref: Match.stringLikeRegexp("^AlertsTopic") }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  it("encrypts and TLS-protects every queue; the dead-letter queues keep messages 14 days", () => {
    const queues = resources(s.template, "AWS::SQS::Queue");
    // the ingest queue; notify, ingest, feed poller, digest and reminder dead letters
    expect(queues).toHaveLength(6);
    for (const [id, q] of queues) {
      expect(q.Properties.SqsManagedSseEnabled).toBe(true);
      // A message keeps its first enqueue time when it moves to a dead-letter queue, so the DLQ's retention counts
      // from when the ingest queue received it (4 days there, plenty for 5 receives 6 minutes apart).
      expect(q.Properties.MessageRetentionPeriod).toBe(
        id.startsWith("IngestBucketQueue") ? 4 * 24 * 3600 : 14 * 24 * 3600,
      );
      s.template.hasResourceProperties("AWS::SQS::QueuePolicy", {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: "Deny",
              Action: "sqs:*",
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            }),
          ]),
        },
      });
    }
  });

  it("blocks public access, encrypts and TLS-protects both buckets; the ingest bucket logs access", () => {
    const buckets = resources(s.template, "AWS::S3::Bucket");
    expect(buckets).toHaveLength(2);
    for (const [id, b] of buckets) {
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(b.Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      });
      s.template.hasResourceProperties("AWS::S3::BucketPolicy", {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: "Deny",
              Action: "s3:*",
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            }),
          ]),
        },
      });
    }
    s.template.hasResourceProperties("AWS::S3::Bucket", {
      LoggingConfiguration: {
        DestinationBucketName: { Ref: Match.stringLikeRegexp("^IngestBucketAccessLogs") },
      },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
  });
});

describe("S3 ingest through EventBridge", () => {
  it("has no custom resources at all", () => {
    const custom = resources(s.template).filter(
      ([, r]) => r.Type.startsWith("Custom::") || r.Type === "AWS::CloudFormation::CustomResource",
    );
    expect(custom).toEqual([]);
  });

  it("routes Object Created under incoming/ of the bucket to the ingest queue, with retries and a DLQ", () => {
    s.template.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: {
        source: ["aws.s3"],
        "detail-type": ["Object Created"],
        detail: {
          bucket: { name: [{ Ref: Match.stringLikeRegexp("^IngestBucket") }] },
          object: { key: [{ prefix: "incoming/" }] },
        },
      },
      Targets: [
        Match.objectLike({
          Arn: { "Fn::GetAtt": [Match.stringLikeRegexp("^IngestBucketQueue"), "Arn"] },
          DeadLetterConfig: { Arn: { "Fn::GetAtt": [Match.stringLikeRegexp("^IngestDeadLetters"), "Arn"] } },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 },
        }),
      ],
    });
  });
});

describe("API", () => {
  it("requires SigV4 on POST /articles and has no unauthenticated method", () => {
    const methods = resources(s.template, "AWS::ApiGateway::Method");
    expect(methods).toHaveLength(1);
    for (const [, m] of methods) expect(m.Properties.AuthorizationType).not.toBe("NONE");
    s.template.hasResourceProperties("AWS::ApiGateway::Method", {
      HttpMethod: "POST",
      AuthorizationType: "AWS_IAM",
      RequestValidatorId: { Ref: Match.stringLikeRegexp("Validator") },
    });
    s.template.hasResourceProperties("AWS::ApiGateway::Resource", { PathPart: "articles" });
    s.template.resourceCountIs("AWS::ApiGateway::ApiKey", 0);
  });

  it("throttles the stage and writes JSON access logs", () => {
    s.template.hasResourceProperties("AWS::ApiGateway::Stage", {
      StageName: "v1",
      TracingEnabled: false,
      AccessLogSetting: {
        DestinationArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^IngestApiAccessLogs"), "Arn"] },
        Format: Match.stringLikeRegexp("requestId"),
      },
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 })],
    });
  });
});

describe("schedules: digests and reminders", () => {
  const roleId = (prefix: string) => {
    const found = resources(s.template, "AWS::IAM::Role").find(([id]) => id.startsWith(prefix));
    if (!found) throw new Error(`no role ${prefix}*`);
    return found;
  };
  const roleStatements = (id: string) =>
    resources(s.template, "AWS::IAM::Policy")
      .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === id))
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);

  it.each([
    ["DigestsSchedulerRole", "DigestsHandler", "DigestsDeadLetters"],
    ["RemindersSchedulerRole", "RemindersHandler", "RemindersDeadLetters"],
  ])(
    "%s may only invoke its function (and send to its dead-letter queue), assumed by Scheduler of this account",
    (rolePrefix, fnPrefix, dlqPrefix) => {
      const [id, role] = roleId(rolePrefix);
      expect(role.Properties.AssumeRolePolicyDocument).toEqual({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Principal: { Service: "scheduler.amazonaws.com" },
            Condition: { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } },
          },
        ],
      });
      const fnId = resources(s.template, "AWS::Lambda::Function").find(([fid]) =>
        fid.startsWith(fnPrefix),
      )?.[0];
      const dlqId = resources(s.template, "AWS::SQS::Queue").find(([qid]) => qid.startsWith(dlqPrefix))?.[0];
      expect(roleStatements(id)).toEqual([
        { Effect: "Allow", Action: "lambda:InvokeFunction", Resource: { "Fn::GetAtt": [fnId, "Arn"] } },
        { Effect: "Allow", Action: "sqs:SendMessage", Resource: { "Fn::GetAtt": [dlqId, "Arn"] } },
      ]);
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    },
  );

  it("runs a daily and a weekly digest with a retry policy and a dead-letter queue, delivering the scheduled event", () => {
    const schedules = resources(s.template, "AWS::Scheduler::Schedule")
      .map(([, r]) => r.Properties)
      .filter((p) => JSON.stringify((p.Target as { Arn: unknown }).Arn).includes("DigestsHandler"));
    expect(schedules.map((p) => p.ScheduleExpression).sort()).toEqual([
      "cron(0 7 * * ? *)",
      "cron(0 7 ? * MON *)",
    ]);
    for (const p of schedules) {
      const target = p.Target as Record<string, unknown>;
      expect(p.ScheduleExpressionTimezone).toBe("UTC");
      expect(p.FlexibleTimeWindow).toEqual({ Mode: "OFF" });
      expect(target.Arn).toEqual({ "Fn::GetAtt": [expect.stringMatching(/^DigestsHandler/), "Arn"] });
      expect(target.RoleArn).toEqual({
        "Fn::GetAtt": [expect.stringMatching(/^DigestsSchedulerRole/), "Arn"],
      });
      expect(target.DeadLetterConfig).toEqual({
        Arn: { "Fn::GetAtt": [expect.stringMatching(/^DigestsDeadLetters/), "Arn"] },
      });
      expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 21600 });
      const input = JSON.parse(target.Input as string);
      expect(input).toMatchObject({
        source: "wirewatch.schedule",
        "detail-type": "Send digest",
        time: "<aws.scheduler.scheduled-time>",
      });
      expect(["daily", "weekly"]).toContain(input.detail.cadence);
    }
  });

  it("keeps reminders in a schedule group; notify may create schedules there and pass the role to Scheduler only", () => {
    expect(resources(s.template, "AWS::Scheduler::ScheduleGroup")).toHaveLength(1);
    const notifyPolicy = functionResource(s.template, "NotifyHandler");
    const notifyRole = (notifyPolicy.Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
    const statements = roleStatements(notifyRole);
    const pass = statements.find((st) => actionsOf(st).includes("iam:PassRole"));
    expect(pass?.Condition).toEqual({ StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } });
    expect(pass?.Resource).toEqual({
      "Fn::GetAtt": [expect.stringMatching(/^RemindersSchedulerRole/), "Arn"],
    });
    const vars = (notifyPolicy.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(vars[ENV.scheduleGroup]).toEqual({ Ref: expect.stringMatching(/^RemindersGroup/) });
    expect(vars[ENV.reminderTargetArn]).toEqual({
      "Fn::GetAtt": [expect.stringMatching(/^RemindersHandler/), "Arn"],
    });
    expect(vars[ENV.reminderRoleArn]).toEqual({
      "Fn::GetAtt": [expect.stringMatching(/^RemindersSchedulerRole/), "Arn"],
    });
    expect(vars[ENV.reminderDeadLetterArn]).toEqual({
      "Fn::GetAtt": [expect.stringMatching(/^RemindersDeadLetters/), "Arn"],
    });
  });

  it("expires LSH bucket items through the table's TTL attribute", () => {
    s.template.hasResourceProperties("AWS::DynamoDB::Table", {
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
    });
  });
});

describe("operations", () => {
  it("alarms on every dead-letter queue, the ingest backlog and every function's errors and throttles, notifying the ops topic", () => {
    const alarms = resources(s.template, "AWS::CloudWatch::Alarm").map(([, a]) => a.Properties);
    expect(alarms).toHaveLength(5 + 1 + 6 * 2);
    for (const a of alarms) {
      expect(a.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^OperationsTopic/) }]);
      expect(a.ComparisonOperator).toBe("GreaterThanThreshold");
      // Anything at all in a dead-letter queue, any error or throttle; the backlog alarm has its own age limit.
      if (a.MetricName !== "ApproximateAgeOfOldestMessage") expect(a.Threshold).toBe(0);
    }
    expect(byMetricName(alarms, "ApproximateAgeOfOldestMessage")).toBe(1);
    const byMetric = (name: string) => byMetricName(alarms, name);
    expect(byMetric("ApproximateNumberOfMessagesVisible")).toBe(5);
    expect(byMetric("Errors")).toBe(6);
    expect(byMetric("Throttles")).toBe(6);
  });

  it("lets CloudWatch use the key of the encrypted ops topic", () => {
    s.template.hasResourceProperties("AWS::KMS::Key", {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          }),
        ]),
      },
    });
  });
});

describe("outputs and checks", () => {
  it("names the outputs the CLI reads", () => {
    const outputs = s.template.toJSON().Outputs as Record<string, unknown>;
    for (const name of [
      "ApiEndpoint",
      "IngestBucketName",
      "AlertsTopicArn",
      "ArticlesTableName",
      "DeadLetterQueueUrl",
    ]) {
      expect(outputs).toHaveProperty(name);
    }
    expect(JSON.stringify(outputs.ApiEndpoint)).toContain("/articles");
  });

  it("keeps the bootstrap version rule outside target=local", () => {
    expect(s.template.toJSON().Rules).toHaveProperty("CheckBootstrapVersion");
  });

  it("passes cdk-nag AwsSolutions with no unacknowledged error or warning", () => {
    expect(s.nagFindings()).toEqual([]);
  });
});

describe("feed poller", () => {
  const schedule = () => {
    // The poller's schedule (the digest schedules target the digest function).
    const found = resources(s.template, "AWS::Scheduler::Schedule").filter(([, r]) =>
      JSON.stringify((r.Properties.Target as { Arn: unknown }).Arn).includes("FeedPollerHandler"),
    );
    expect(found).toHaveLength(1);
    return (found[0] as [string, { Properties: Record<string, unknown> }])[1].Properties as {
      ScheduleExpression: string;
      State: string;
      FlexibleTimeWindow: { Mode: string };
      Target: {
        Arn: unknown;
        RoleArn: { "Fn::GetAtt": [string, string] };
        Input: string;
        RetryPolicy: { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number };
        DeadLetterConfig: { Arn: { "Fn::GetAtt": [string, string] } };
      };
    };
  };

  it("runs every 5 minutes on an EventBridge Scheduler schedule, passing the scheduled time in the event", () => {
    const p = schedule();
    expect(p.ScheduleExpression).toBe("rate(5 minutes)");
    expect(p.State).toBe("ENABLED");
    expect(p.FlexibleTimeWindow).toEqual({ Mode: "OFF" });
    expect(p.Target.Arn).toEqual({
      "Fn::GetAtt": [expect.stringMatching(/^FeedPollerHandlerFunction/), "Arn"],
    });
    expect(JSON.parse(p.Target.Input)).toEqual({
      version: "0",
      source: "wirewatch.schedule",
      "detail-type": "Poll feeds",
      time: "<aws.scheduler.scheduled-time>",
      detail: {},
    });
  });

  it("retries undelivered invocations and dead-letters them to an encrypted queue that is alarmed", () => {
    const { Target } = schedule();
    expect(Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 600 });
    const dlq = Target.DeadLetterConfig.Arn["Fn::GetAtt"][0];
    expect(dlq).toMatch(/^FeedPollerDeadLettersQueue/);
    const queue = s.template.toJSON().Resources[dlq];
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    const alarmed = resources(s.template, "AWS::CloudWatch::Alarm").some(([, a]) =>
      JSON.stringify(a.Properties.Dimensions ?? []).includes(dlq),
    );
    expect(alarmed).toBe(true);
    // The function's own asynchronous failures go to the same queue.
    expect(functionResource(s.template, "FeedPollerHandler").Properties.DeadLetterConfig).toEqual({
      TargetArn: { "Fn::GetAtt": [dlq, "Arn"] },
    });
  });

  it("uses a scheduler role, assumable only by EventBridge Scheduler of this account, that may only invoke the poller and dead-letter", () => {
    const roleId = schedule().Target.RoleArn["Fn::GetAtt"][0];
    const role = s.template.toJSON().Resources[roleId];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: "sts:AssumeRole",
        Effect: "Allow",
        Principal: { Service: "scheduler.amazonaws.com" },
        Condition: { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } },
      },
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const statements = resources(s.template, "AWS::IAM::Policy")
      .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
    expect(statements.flatMap(actionsOf).sort()).toEqual(["lambda:InvokeFunction", "sqs:SendMessage"]);
    const send = statements.find((st) => actionsOf(st).includes("sqs:SendMessage"));
    expect(send?.Resource).toEqual({
      "Fn::GetAtt": [expect.stringMatching(/^FeedPollerDeadLettersQueue/), "Arn"],
    });
  });

  it("never enables fetching loopback or private addresses in the deployed function", () => {
    const vars = (
      functionResource(s.template, "FeedPollerHandler").Properties.Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
    expect(Object.keys(vars).filter((k) => /LOOPBACK|PRIVATE|ALLOW|INSECURE|HOSTS/i.test(k))).toEqual([]);
    expect(JSON.stringify(vars)).not.toMatch(/127\.0\.0\.1|localhost/);
    expect(vars[ENV.tableName]).toEqual({ Ref: expect.stringMatching(/^ArticlesTable/) });
    expect(vars[ENV.runtimeApi]).toBeUndefined(); // set by the Lambda runtime itself, read at cold start
  });

  it("finishes before the next run starts (timeout under the 5-minute rate)", () => {
    expect(functionResource(s.template, "FeedPollerHandler").Properties.Timeout).toBeLessThan(300);
  });

  it("lets seen-entry markers expire through the table's TTL attribute", () => {
    const tables = resources(s.template, "AWS::DynamoDB::Table");
    expect(tables).toHaveLength(1);
    expect(tables[0]?.[1].Properties.TimeToLiveSpecification).toEqual({
      AttributeName: "expiresAt",
      Enabled: true,
    });
  });
});

function byMetricName(alarms: Record<string, unknown>[], name: string): number {
  return alarms.filter((a) => a.MetricName === name).length;
}
