using System.Globalization;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Recipients;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Templates;

namespace Usheru.Notification.Api.Workflows;

/// <summary>
/// Takes each run of a claimed batch as far as it can go now, inside the transaction that will
/// record it: through every step that needs no waiting, until a delay, window or digest sets its
/// next due time, a condition waits for a delivery to end, or the run ends.
/// </summary>
internal sealed class RunStepper(WriteScope scope, IStorageEngine engine, RunInputs inputs, DateTimeOffset now)
{
    private readonly Dictionary<string, string> deliveryStatuses = new(inputs.DeliveryStatuses);

    public async Task<RunResult> AdvanceAsync(ClaimedRun run)
    {
        // A copy: if the transaction is tried again, it starts from the state as claimed.
        var state = StoredJson.Deserialize<RunState>(StoredJson.Serialize(run.State));
        var deliveries = new List<NewDelivery>();
        var body = inputs.Definitions[(run.WorkflowKey, run.WorkflowVersion)];
        Recipient? person = null;
        if (run.Address.RecipientId is { } recipientId && !inputs.People.TryGetValue(recipientId, out person))
        {
            return End(run, RunStatus.Cancelled, run.StepIndex, state, deliveries, $"Recipient '{recipientId}' no longer exists.");
        }
        var recipient = person?.TemplateModel() ?? run.Address.TemplateModel();
        var data = JsonNode.Parse(run.DataJson) as JsonObject ?? [];
        var digest = await DigestSoFarAsync(body, state);
        for (var i = run.StepIndex; i < body.Steps.Count; i++)
        {
            var step = body.Steps[i];
            var id = step.Id!;
            state.Steps.TryGetValue(id, out var progress);
            string Named(string reason) => $"Step '{id}': {reason}";
            try
            {
                var model = Model(data, digest, state, body);
                var context = Liquid.Context(model, recipient);
                if (progress is null && step.If is { } condition)
                {
                    if (AwaitedDelivery(condition, state) is { } awaited)
                    {
                        return new RunResult(run, RunStatus.Waiting, i, state, null, awaited, deliveries);
                    }
                    if (!Condition.Holds(condition, context))
                    {
                        state.Steps[id] = new StepProgress(StepProgress.Skipped);
                        continue;
                    }
                }
                if (progress is { Status: StepProgress.Waiting, ResumeAt: { } resumeAt } && resumeAt > now)
                {
                    return Wait(run, i, state, resumeAt, deliveries);
                }
                switch (step.Type)
                {
                    case WorkflowStep.Send:
                        var made = SendStep.Run(run, step, await inputs.ContentAsync(run, step), person, inputs.PushFor(person), model, inputs.Available,
                            inputs.Unsubscribe, deliveries);
                        state.Steps[id] = made;
                        foreach (var delivery in made.Deliveries ?? [])
                        {
                            deliveryStatuses[delivery] = made.Status == StepProgress.Suppressed ? "suppressed" : "queued";
                        }
                        continue;
                    case WorkflowStep.Delay when progress is null:
                        if (DelayUntil(step, context) is not { } until)
                        {
                            return End(run, RunStatus.Failed, i, state, deliveries, Named("'until' did not render to a timestamp."));
                        }
                        if (until > now)
                        {
                            state.Steps[id] = new StepProgress(StepProgress.Waiting, ResumeAt: until);
                            return Wait(run, i, state, until, deliveries);
                        }
                        if (step.IfPast == "end")
                        {
                            state.Steps[id] = new StepProgress(StepProgress.Skipped);
                            return End(run, RunStatus.Skipped, i, state, deliveries, Named($"its time ({until:O}) had passed."));
                        }
                        break;
                    case WorkflowStep.TimeWindow when progress is null or { Status: StepProgress.Waiting }:
                        var opens = LocalWindow.Of(step).NextOpen(now, inputs.ZoneOf(person));
                        if (opens > now)
                        {
                            state.Steps[id] = new StepProgress(StepProgress.Waiting, ResumeAt: opens);
                            return Wait(run, i, state, opens, deliveries);
                        }
                        break;
                    case WorkflowStep.Digest when progress is { Status: StepProgress.Waiting, Digest: { } open }:
                        await Digests.CloseAsync(scope, open, now);
                        digest = await Digests.ReadAsync(scope, open, step.MaxItems ?? WorkflowStep.DefaultMaxItems);
                        state.Steps[id] = new StepProgress(StepProgress.Completed, Digest: open);
                        continue;
                    case WorkflowStep.Digest:
                        var joined = await Digests.JoinAsync(engine, scope, run, step, Render(step.Key, context) ?? "", IsoDuration.Parse(step.Window!), now);
                        if (!joined.Opened)
                        {
                            state.Steps[id] = new StepProgress(StepProgress.Completed, Digest: joined.DigestId);
                            return End(run, RunStatus.Merged, i, state, deliveries, $"Merged into the digest of {joined.OpenerRunId}.");
                        }
                        state.Steps[id] = new StepProgress(StepProgress.Waiting, Digest: joined.DigestId, ResumeAt: joined.ClosesAt);
                        return Wait(run, i, state, joined.ClosesAt, deliveries);
                    case WorkflowStep.Throttle:
                        if (!await Throttles.TryPassAsync(engine, scope, run, step, Render(step.Key, context) ?? run.Address.Key, IsoDuration.Parse(step.Per!), now))
                        {
                            state.Steps[id] = new StepProgress(StepProgress.Skipped);
                            return End(run, RunStatus.Throttled, i, state, deliveries, Named($"{step.Limit} runs for this key within {step.Per} already."));
                        }
                        break;
                }
                state.Steps[id] = new StepProgress(StepProgress.Completed);
            }
            catch (Exception ex) when (ex is not (System.Data.Common.DbException or OperationCanceledException or TimeoutException))
            {
                // A template or value the run cannot use fails this run only.
                return End(run, RunStatus.Failed, i, state, deliveries, Named(ex.Message));
            }
        }
        return End(run, RunStatus.Completed, body.Steps.Count, state, deliveries, null);
    }

    /// <summary>
    /// A condition that reads <c>steps.X.status</c> while X's delivery is still under way would see
    /// <c>pending</c>, which is never what "if the email failed" means: the run waits for it.
    /// </summary>
    private string? AwaitedDelivery(string condition, RunState state) =>
        WorkflowValidator.StatusesReadBy(condition)
            .Select(stepId => StepStatus.PendingDelivery(state.Steps.GetValueOrDefault(stepId), deliveryStatuses))
            .FirstOrDefault(d => d is not null);

    private DateTimeOffset? DelayUntil(WorkflowStep step, Fluid.TemplateContext context)
    {
        if (step.Duration is not null)
        {
            return now + IsoDuration.Parse(step.Duration);
        }
        var text = Render(step.Until, context)?.Trim();
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var until))
        {
            return null;
        }
        return step.Offset is null ? until : until + IsoDuration.Parse(step.Offset);
    }

    private static string? Render(string? source, Fluid.TemplateContext context) =>
        source is null ? null : Liquid.TryParse(source, out var template, out var error) ? Liquid.RenderText(template, context)
            : throw new InvalidOperationException($"Liquid syntax error: {error}");

    /// <summary>
    /// What Liquid sees: the trigger's data both at the top level (as notification templates use it)
    /// and as <c>data</c>; the digest once closed; every step reached so far with its status, whether
    /// its inbox item was read, and its delivery.
    /// </summary>
    private JsonObject Model(JsonObject data, JsonObject? digest, RunState state, WorkflowBody body)
    {
        var model = (JsonObject)data.DeepClone();
        model["data"] = data.DeepClone();
        model["digest"] = digest?.DeepClone();
        var steps = new JsonObject();
        foreach (var step in body.Steps)
        {
            if (state.Steps.TryGetValue(step.Id!, out var progress))
            {
                steps[step.Id!] = new JsonObject
                {
                    ["status"] = StepStatus.Of(progress, deliveryStatuses),
                    ["read"] = progress.Deliveries?.Any(inputs.ReadDeliveries.Contains) ?? false,
                    ["deliveryId"] = progress.Deliveries is [var first, ..] ? first : null,
                };
            }
        }
        model["steps"] = steps;
        return model;
    }

    /// <summary>The digest a run resumed after its digest step carries on with.</summary>
    private async Task<JsonObject?> DigestSoFarAsync(WorkflowBody body, RunState state)
    {
        var last = body.Steps.LastOrDefault(s => s.Type == WorkflowStep.Digest && state.Steps.GetValueOrDefault(s.Id!) is { Status: StepProgress.Completed, Digest: not null });
        return last is null ? null : await Digests.ReadAsync(scope, state.Steps[last.Id!].Digest!, last.MaxItems ?? WorkflowStep.DefaultMaxItems);
    }

    private static RunResult Wait(ClaimedRun run, int step, RunState state, DateTimeOffset until, List<NewDelivery> deliveries) =>
        new(run, RunStatus.Waiting, step, state, until, null, deliveries);

    private static RunResult End(ClaimedRun run, string status, int step, RunState state, List<NewDelivery> deliveries, string? reason)
    {
        state.Reason = reason;
        return new(run, status, step, state, null, null, deliveries);
    }
}
