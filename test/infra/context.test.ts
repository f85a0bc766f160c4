import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { resources, synth, topicsFixture } from "./synth.ts";

// These stacks skip bundling: they assert what the context changes, not the functions' code.
const topicsDir = topicsFixture(["deadline", "expulsions", "intelligence"]);

describe("initial subscriptions from context", () => {
  const { template } = synth({
    topicsDir,
    context: { alertEmail: "you@example.org", alertSms: "+12025550143", alertTopics: "expulsions, deadline" },
  });

  it("subscribes the e-mail address and the phone number to the alerts topic, to instant alerts on the topics", () => {
    const subs = resources(template, "AWS::SNS::Subscription");
    expect(subs).toHaveLength(2);
    for (const [protocol, endpoint] of [
      ["email", "you@example.org"],
      ["sms", "+12025550143"],
    ]) {
      template.hasResourceProperties("AWS::SNS::Subscription", {
        Protocol: protocol,
        Endpoint: endpoint,
        TopicArn: { Ref: Match.stringLikeRegexp("^AlertsTopic") },
        FilterPolicy: {
          kind: ["alert"],
          topics: ["expulsions", "deadline"],
          audience: [{ exists: false }, "deadline+expulsions"],
        },
      });
    }
  });

  it("filters on message attributes (the default scope), not the body", () => {
    for (const [, sub] of resources(template, "AWS::SNS::Subscription")) {
      expect(sub.Properties.FilterPolicyScope ?? "MessageAttributes").toBe("MessageAttributes");
    }
  });
});

describe("operator subscription from context", () => {
  it("subscribes opsEmail to the ops topic, unfiltered, and not to the alerts topic", () => {
    const { template } = synth({ topicsDir, context: { opsEmail: "oncall@example.org" } });
    const subs = resources(template, "AWS::SNS::Subscription");
    expect(subs).toHaveLength(1);
    template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: "oncall@example.org",
      TopicArn: { Ref: Match.stringLikeRegexp("^OperationsTopic") },
      FilterPolicy: Match.absent(),
    });
  });

  it("rejects an opsEmail that is not an address", () => {
    expect(() => synth({ topicsDir, context: { opsEmail: "not-an-address" } })).toThrow(
      /opsEmail is not an e-mail address/,
    );
  });
});

describe("context validation", () => {
  it("fails synth on an unknown topic, naming the valid ones", () => {
    expect(() =>
      synth({ topicsDir, context: { alertEmail: "you@example.org", alertTopics: "expulsions,weather" } }),
    ).toThrow(/unknown topic "weather".*valid topics: deadline, expulsions, intelligence/);
  });

  it("accepts the topics defined in the repository's topics/ (the README example)", () => {
    const { template } = synth({
      context: { alertEmail: "you@example.org", alertTopics: "expulsions,deadline" },
    });
    template.hasResourceProperties("AWS::SNS::Subscription", {
      FilterPolicy: { topics: ["expulsions", "deadline"] },
    });
  });

  it("fails synth on a malformed e-mail address, phone number or auth mode", () => {
    expect(() => synth({ topicsDir, context: { alertEmail: "not-an-address" } })).toThrow(/alertEmail/);
    expect(() => synth({ topicsDir, context: { alertSms: "5550100" } })).toThrow(/alertSms/);
    expect(() => synth({ topicsDir, context: { apiAuth: "open" } })).toThrow(/apiAuth/);
  });

  it("creates no subscription without alertEmail or alertSms", () => {
    const { template } = synth({ topicsDir, context: { alertTopics: "deadline" } });
    template.resourceCountIs("AWS::SNS::Subscription", 0);
  });
});

describe("apiAuth=apikey", () => {
  const s = synth({ topicsDir, context: { apiAuth: "apikey" } });

  it("requires an API key bound to a throttled usage plan on the stage", () => {
    s.template.hasResourceProperties("AWS::ApiGateway::Method", {
      HttpMethod: "POST",
      ApiKeyRequired: true,
    });
    s.template.resourceCountIs("AWS::ApiGateway::ApiKey", 1);
    s.template.hasResourceProperties("AWS::ApiGateway::UsagePlan", {
      ApiStages: [Match.objectLike({ Stage: { Ref: Match.stringLikeRegexp("Stage") } })],
      Throttle: { RateLimit: 50, BurstLimit: 100 },
    });
    s.template.resourceCountIs("AWS::ApiGateway::UsagePlanKey", 1);
    expect(s.template.toJSON().Outputs).toHaveProperty("ApiKeyId");
  });

  it("still passes cdk-nag, with the choice acknowledged on that one method", () => {
    expect(s.nagFindings()).toEqual([]);
  });
});

describe("target=local", () => {
  const local = synth({ topicsDir, context: { target: "local" } }).template.toJSON();
  const aws = synth({ topicsDir }).template.toJSON();

  it("drops the bootstrap version rule and changes nothing else", () => {
    expect(local.Rules).toBeUndefined();
    expect(aws.Rules).toHaveProperty("CheckBootstrapVersion");
    expect(local.Resources).toEqual(aws.Resources);
    expect(local.Outputs).toEqual(aws.Outputs);
  });
});
