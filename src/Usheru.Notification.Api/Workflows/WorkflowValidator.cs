using System.Text.RegularExpressions;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Templates;

namespace Usheru.Notification.Api.Workflows;

/// <summary>
/// The rules a workflow must meet to be stored. Each error is keyed by the field
/// (<c>steps[2].duration</c>) and its message names the step, so a caller finds it in a long list.
/// </summary>
internal static partial class WorkflowValidator
{
    public const int MaxSteps = 50;

    public static bool IsStepId(string id) => StepId().IsMatch(id);

    /// <summary>The step ids an <c>if</c> reads, as <c>steps.&lt;id&gt;</c>.</summary>
    public static IEnumerable<string> StepsReadBy(string condition) => StepReference().Matches(condition).Select(m => m.Groups[1].Value);

    /// <summary>The step ids whose <c>status</c> an <c>if</c> reads: the run waits for those steps' deliveries to end first.</summary>
    public static IEnumerable<string> StatusesReadBy(string condition) => StatusReference().Matches(condition).Select(m => m.Groups[1].Value);

    /// <summary>The definition as it will be stored, or null with <paramref name="errors"/> filled in.</summary>
    public static WorkflowBody? Validate(WorkflowDefinition definition, Dictionary<string, string[]> errors)
    {
        if (definition.Category is { } category && !NotificationRequestValidator.Categories.Contains(category))
        {
            errors["category"] = [$"Use one of: {string.Join(", ", NotificationRequestValidator.Categories)}."];
        }
        if (definition.Steps is not { Count: > 0 and <= MaxSteps } steps)
        {
            errors["steps"] = [$"Give 1 to {MaxSteps} steps."];
            return null;
        }
        var earlier = new HashSet<string>();
        for (var i = 0; i < steps.Count; i++)
        {
            var field = $"steps[{i}]";
            if (steps[i] is not { } step)
            {
                errors[field] = ["A step is required."];
                continue;
            }
            var name = step.Id is null ? $"Step {i + 1}" : $"Step '{step.Id}'";
            void Error(string property, string message) => errors[property.Length == 0 ? field : $"{field}.{property}"] = [$"{name}: {message}"];
            if (step.Id is null || !IsStepId(step.Id))
            {
                Error("id", "give an id of 1 to 64 lowercase letters, digits or '_', starting with a letter, like 'reminder'.");
            }
            else if (!earlier.Add(step.Id))
            {
                Error("id", "another step has this id; ids are unique in a workflow.");
            }
            if (step.If is { } condition)
            {
                CheckCondition(condition, earlier, step.Id, Error);
            }
            switch (step.Type)
            {
                case WorkflowStep.Send: CheckSend(step, field, errors, Error); break;
                case WorkflowStep.Delay: CheckDelay(step, Error); break;
                case WorkflowStep.Digest: CheckDigest(step, Error); break;
                case WorkflowStep.Throttle: CheckThrottle(step, Error); break;
                case WorkflowStep.TimeWindow: CheckWindow(step, Error); break;
                default: Error("type", $"unknown step type '{step.Type}'; use one of: {string.Join(", ", WorkflowStep.Types)}."); break;
            }
        }
        return errors.Count > 0 ? null : new WorkflowBody(definition.Name, definition.Category ?? "transactional", [.. steps.Select(s => s!)]);
    }

    private static void CheckCondition(string condition, HashSet<string> earlier, string? self, Action<string, string> error)
    {
        if (condition.Contains("%}", StringComparison.Ordinal) || condition.Contains("{%", StringComparison.Ordinal) || condition.Contains("{{", StringComparison.Ordinal))
        {
            error("if", "write the condition alone, as it would go inside {% if … %}.");
            return;
        }
        if (!Liquid.TryParse(Condition.Template(condition), out _, out var parseError))
        {
            error("if", $"the condition does not parse: {parseError.Split('\n')[0]}");
            return;
        }
        foreach (var id in StepsReadBy(condition).Where(id => !earlier.Contains(id) || id == self))
        {
            error("if", $"the condition reads steps.{id}, which is not an earlier step.");
            return;
        }
    }

    private static void CheckSend(WorkflowStep step, string field, Dictionary<string, string[]> errors, Action<string, string> error)
    {
        if (step.Channel is null || !NotificationRequestValidator.ChannelNames.Contains(step.Channel))
        {
            error("channel", $"use one of: {string.Join(", ", NotificationRequestValidator.ChannelNames)}.");
        }
        if ((step.Template is null) == (step.Content is null))
        {
            error("template", "give either a template or inline content, not both.");
        }
        if (step.Content is { } content)
        {
            ParsedTemplates.Parse(content, $"{field}.content", errors);
            if (step.Channel is { } channel && !content.Has(channel))
            {
                error("content", $"the inline content has nothing for the {channel} channel.");
            }
        }
    }

    private static void CheckDelay(WorkflowStep step, Action<string, string> error)
    {
        if ((step.Duration is null) == (step.Until is null))
        {
            error("duration", "give either a duration (like PT15M) or until (a Liquid timestamp), not both.");
        }
        if (step.Duration is not null && !(IsoDuration.TryParse(step.Duration, out var duration) && duration > TimeSpan.Zero))
        {
            error("duration", $"'{step.Duration}' is not a positive ISO 8601 duration in weeks to seconds, like PT15M or P1D.");
        }
        if (step.Until is { } until && !Liquid.TryParse(until, out _, out var parseError))
        {
            error("until", $"Liquid syntax error: {parseError.Split('\n')[0]}");
        }
        if (step.Offset is not null && !IsoDuration.TryParse(step.Offset, out _))
        {
            error("offset", $"'{step.Offset}' is not an ISO 8601 duration, like -PT2H.");
        }
        if (step.Offset is not null && step.Until is null)
        {
            error("offset", "an offset applies to until only.");
        }
        if (step.IfPast is not (null or "continue" or "end"))
        {
            error("ifPast", "use continue or end.");
        }
    }

    private static void CheckDigest(WorkflowStep step, Action<string, string> error)
    {
        if (!(IsoDuration.TryParse(step.Window, out var window) && window > TimeSpan.Zero))
        {
            error("window", "give the digest's window as a positive ISO 8601 duration, like PT1H or P7D.");
        }
        CheckKey(step, error);
        if (step.MaxItems is < 1 or > 1000)
        {
            error("maxItems", "keep 1 to 1000 items.");
        }
    }

    private static void CheckThrottle(WorkflowStep step, Action<string, string> error)
    {
        if (step.Limit is not (>= 1 and <= 1_000_000))
        {
            error("limit", "give a limit of 1 to 1,000,000 runs.");
        }
        if (!(IsoDuration.TryParse(step.Per, out var per) && per > TimeSpan.Zero))
        {
            error("per", "give the period as a positive ISO 8601 duration, like P1D.");
        }
        CheckKey(step, error);
    }

    private static void CheckKey(WorkflowStep step, Action<string, string> error)
    {
        if (step.Key is { } key && !Liquid.TryParse(key, out _, out var parseError))
        {
            error("key", $"Liquid syntax error: {parseError.Split('\n')[0]}");
        }
    }

    private static void CheckWindow(WorkflowStep step, Action<string, string> error)
    {
        var from = LocalWindow.TryParseTime(step.From, out var start);
        var to = LocalWindow.TryParseTime(step.To, out var end);
        if (!from)
        {
            error("from", "give the local opening time as HH:mm, like 09:00.");
        }
        if (!to)
        {
            error("to", "give the local closing time as HH:mm, like 21:00.");
        }
        if (from && to && start == end)
        {
            error("to", "a window needs a closing time different from its opening time.");
        }
        if (step.Days is { } days && (days.Count == 0 || days.Any(d => !LocalWindow.DayNames.Contains(d)) || days.Distinct().Count() != days.Count))
        {
            error("days", $"give distinct days from: {string.Join(", ", LocalWindow.DayNames)}.");
        }
    }

    [GeneratedRegex(@"\A[a-z][a-z0-9_]{0,63}\z")]
    private static partial Regex StepId();

    [GeneratedRegex(@"\bsteps\.([A-Za-z0-9_]+)")]
    private static partial Regex StepReference();

    [GeneratedRegex(@"\bsteps\.([A-Za-z0-9_]+)\.status\b")]
    private static partial Regex StatusReference();
}
