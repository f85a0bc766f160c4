/**
 * A stand-in for EventBridge Scheduler in the embedded backend: a real `SchedulerClient` whose middleware answers
 * the calls wirewatch makes (CreateSchedule, GetSchedule, ListSchedules, DeleteSchedule) in memory, with the
 * service's ConflictException for a name already taken in a group, so the production adapter runs unchanged.
 * Nothing fires: the replay shows what was scheduled, and the scheduled samples in events/scheduled/ stand for
 * what a schedule delivers.
 */
import {
  ConflictException,
  ResourceNotFoundException,
  SchedulerClient,
  ValidationException,
} from "@aws-sdk/client-scheduler";

export interface LocalSchedule {
  name: string;
  groupName: string;
  expression: string;
  input?: string;
  targetArn?: string;
  actionAfterCompletion?: string;
  deadLetterArn?: string;
  retryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
}

export interface LocalScheduler {
  client: SchedulerClient;
  schedules: Map<string, LocalSchedule>;
  /** Schedules created since the last call, in order. */
  takeCreated(): LocalSchedule[];
}

type Input = Record<string, unknown>;

export function createLocalScheduler(groups: readonly string[] = ["default"]): LocalScheduler {
  const schedules = new Map<string, LocalSchedule>();
  const created: LocalSchedule[] = [];
  const known = new Set(["default", ...groups]);
  const key = (group: unknown, name: unknown) => `${String(group ?? "default")}/${String(name)}`;
  const groupOf = (input: Input) => {
    const group = String(input.GroupName ?? "default");
    if (!known.has(group))
      throw new ResourceNotFoundException({
        message: `Schedule group ${group} does not exist.`,
        Message: `Schedule group ${group} does not exist.`,
        $metadata: {},
      });
    return group;
  };
  const handlers: Record<string, (input: Input) => Record<string, unknown>> = {
    CreateScheduleCommand(input) {
      const groupName = groupOf(input);
      const name = String(input.Name ?? "");
      if (!/^[0-9a-zA-Z_.-]{1,64}$/.test(name))
        throw new ValidationException({
          message: `Invalid schedule name: ${name}`,
          Message: `Invalid schedule name: ${name}`,
          $metadata: {},
        });
      const expression = String(input.ScheduleExpression ?? "");
      if (!/^(at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)|rate\(.+\)|cron\(.+\))$/.test(expression))
        throw new ValidationException({
          message: `Invalid Schedule Expression ${expression}`,
          Message: `Invalid Schedule Expression ${expression}`,
          $metadata: {},
        });
      if (schedules.has(key(groupName, name)))
        throw new ConflictException({
          message: `Schedule ${name} already exists.`,
          Message: `Schedule ${name} already exists.`,
          $metadata: {},
        });
      const target = (input.Target ?? {}) as {
        Arn?: string;
        Input?: string;
        DeadLetterConfig?: { Arn?: string };
        RetryPolicy?: LocalSchedule["retryPolicy"];
      };
      const schedule: LocalSchedule = {
        name,
        groupName,
        expression,
        ...(target.Input ? { input: target.Input } : {}),
        ...(target.Arn ? { targetArn: target.Arn } : {}),
        ...(input.ActionAfterCompletion
          ? { actionAfterCompletion: String(input.ActionAfterCompletion) }
          : {}),
        ...(target.DeadLetterConfig?.Arn ? { deadLetterArn: target.DeadLetterConfig.Arn } : {}),
        ...(target.RetryPolicy ? { retryPolicy: target.RetryPolicy } : {}),
      };
      schedules.set(key(groupName, name), schedule);
      created.push(schedule);
      return { ScheduleArn: `arn:aws:scheduler:us-east-1:000000000000:schedule/${groupName}/${name}` };
    },
    GetScheduleCommand(input) {
      const s = schedules.get(key(groupOf(input), input.Name));
      if (!s)
        throw new ResourceNotFoundException({
          message: `Schedule ${String(input.Name)} does not exist.`,
          Message: `Schedule ${String(input.Name)} does not exist.`,
          $metadata: {},
        });
      return {
        Name: s.name,
        GroupName: s.groupName,
        ScheduleExpression: s.expression,
        ActionAfterCompletion: s.actionAfterCompletion,
        Target: {
          Arn: s.targetArn,
          Input: s.input,
          DeadLetterConfig: s.deadLetterArn ? { Arn: s.deadLetterArn } : undefined,
          RetryPolicy: s.retryPolicy,
        },
      };
    },
    ListSchedulesCommand(input) {
      const group = input.GroupName ? String(input.GroupName) : undefined;
      return {
        Schedules: [...schedules.values()]
          .filter((s) => !group || s.groupName === group)
          .map((s) => ({ Name: s.name, GroupName: s.groupName, State: "ENABLED" })),
      };
    },
    DeleteScheduleCommand(input) {
      if (!schedules.delete(key(groupOf(input), input.Name)))
        throw new ResourceNotFoundException({
          message: `Schedule ${String(input.Name)} does not exist.`,
          Message: `Schedule ${String(input.Name)} does not exist.`,
          $metadata: {},
        });
      return {};
    },
  };
  const client = new SchedulerClient({
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const name = context.commandName ?? "";
      const handler = handlers[name];
      if (!handler) {
        const message = `the local scheduler does not implement ${name.replace(/Command$/, "")}`;
        throw new ValidationException({ message, Message: message, $metadata: {} });
      }
      return { output: { ...handler(args.input as Input), $metadata: {} }, response: {} } as never;
    },
    { step: "initialize", name: "wirewatchLocalScheduler", priority: "high" },
  );
  return { client, schedules, takeCreated: () => created.splice(0, created.length) };
}
