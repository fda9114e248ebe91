using System.Globalization;
using System.Text.Json.Serialization;
using Usheru.Notification.Client.Http;

namespace Usheru.Notification.Client;

/// <summary>
/// One step of a workflow, as <c>PUT /v1/workflows/{key}</c> takes it and a stored workflow shows
/// it: only the fields of its <see cref="Type"/> are set. Build one with the factory for its type
/// and add to it; each step returns a new record:
/// <code>
/// WorkflowStep.DelayUntil("wait", "{{ data.showtime }}", offset: TimeSpan.FromHours(-2))
/// WorkflowStep.Send("sms", NotificationChannel.Sms).UsingTemplate("showtime-reminder").If("steps.inbox.read == false")
/// </code>
/// Durations are ISO 8601 (<c>PT15M</c>, <c>-PT2H</c>); the factories write them from a
/// <see cref="TimeSpan"/>. Liquid fields see <c>data</c>, <c>recipient</c>, <c>digest</c> and <c>steps</c>.
/// </summary>
/// <param name="Id">1 to 64 lowercase letters, digits or '_', starting with a letter; unique in the workflow.</param>
/// <param name="Type">See <see cref="WorkflowStepType"/>.</param>
/// <param name="Condition">
/// The step's <c>if</c>: a Liquid condition (what goes inside <c>{% if … %}</c>) over <c>data</c>,
/// <c>recipient</c>, <c>digest</c> and earlier steps' <c>steps.&lt;id&gt;.status</c> and
/// <c>steps.&lt;id&gt;.read</c>. False skips the step; null: always run it.
/// </param>
/// <param name="Channel">Send: see <see cref="NotificationChannel"/>.</param>
/// <param name="Template">Send: a stored template's key, with content for <paramref name="Channel"/>; or give <paramref name="Content"/>.</param>
/// <param name="Content">Send: inline content for <paramref name="Channel"/>; or give <paramref name="Template"/>.</param>
/// <param name="Duration">Delay: how long, such as <c>PT15M</c>; or give <paramref name="Until"/>.</param>
/// <param name="Until">Delay: Liquid rendering to an ISO 8601 timestamp, such as <c>{{ data.showtime }}</c>.</param>
/// <param name="Offset">Delay with <paramref name="Until"/>: added to that time, such as <c>-PT2H</c>.</param>
/// <param name="IfPast">Delay with <paramref name="Until"/>, when that time has passed: <c>continue</c> (null: the default) or <c>end</c> (the run ends as skipped).</param>
/// <param name="Window">Digest: how long it gathers runs, such as <c>P7D</c>.</param>
/// <param name="Key">Digest and throttle: Liquid naming what is counted together; null: per recipient.</param>
/// <param name="MaxItems">Digest: how many runs' data it keeps in <c>digest.items</c>; null: 50.</param>
/// <param name="Limit">Throttle: how many runs may go on per <paramref name="Per"/>.</param>
/// <param name="Per">Throttle: the period, such as <c>P1D</c>.</param>
/// <param name="From">Window: the local opening time, <c>HH:mm</c>.</param>
/// <param name="To">Window: the local closing time, <c>HH:mm</c>; earlier than <paramref name="From"/> for a window across midnight.</param>
/// <param name="Days">Window: the days it opens (<c>mon</c> … <c>sun</c>); null: every day.</param>
public sealed record WorkflowStep(
    string Id,
    string Type,
    [property: JsonPropertyName("if")] string? Condition = null,
    string? Channel = null,
    string? Template = null,
    ChannelContent? Content = null,
    string? Duration = null,
    string? Until = null,
    string? Offset = null,
    string? IfPast = null,
    string? Window = null,
    string? Key = null,
    int? MaxItems = null,
    int? Limit = null,
    string? Per = null,
    string? From = null,
    string? To = null,
    IReadOnlyList<string>? Days = null)
{
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// <summary>
    /// A step that sends on one channel; give it its content with <see cref="UsingTemplate"/> or
    /// <see cref="WithEmail"/> and friends. It honours preferences and unsubscribes like any delivery,
    /// and is suppressed for a recipient without an address on the channel.
    /// </summary>
    /// <param name="id">The step id, such as <c>inbox</c>.</param>
    /// <param name="channel">See <see cref="NotificationChannel"/>.</param>
    public static WorkflowStep Send(string id, string channel) => new(id, WorkflowStepType.Send, Channel: channel);

    /// <summary>A step that waits for a fixed time.</summary>
    /// <param name="id">The step id, such as <c>grace</c>.</param>
    /// <param name="duration">How long; positive, to the millisecond.</param>
    public static WorkflowStep Delay(string id, TimeSpan duration) =>
        new(id, WorkflowStepType.Delay, Duration: IsoDuration.Format(duration, nameof(duration)));

    /// <summary>A step that waits until a time the trigger's data gives, such as two hours before a showtime.</summary>
    /// <param name="id">The step id, such as <c>wait</c>.</param>
    /// <param name="until">Liquid rendering to an ISO 8601 timestamp, such as <c>{{ data.showtime }}</c>.</param>
    /// <param name="offset">Added to that time: <c>TimeSpan.FromHours(-2)</c> for two hours before. Null: none.</param>
    /// <param name="endIfPast">When the time has already passed: true ends the run as <see cref="RunStatus.Skipped"/>; false goes on at once.</param>
    public static WorkflowStep DelayUntil(string id, string until, TimeSpan? offset = null, bool endIfPast = false) =>
        new(id, WorkflowStepType.Delay, Until: until, Offset: offset is { } o ? IsoDuration.Format(o, nameof(offset)) : null, IfPast: endIfPast ? "end" : null);

    /// <summary>
    /// A step that gathers runs: the first run to reach it for a (workflow, recipient, key) waits out
    /// <paramref name="window"/>; every other run that reaches it meanwhile is merged into it and ends.
    /// The first then goes on with <c>digest.count</c> and <c>digest.items</c> (the runs' <c>data</c>, oldest first).
    /// </summary>
    /// <param name="id">The step id, such as <c>week</c>.</param>
    /// <param name="window">How long it gathers; positive.</param>
    /// <param name="key">Liquid naming what is gathered together, such as <c>{{ data.kind }}</c>; null: one digest per recipient.</param>
    /// <param name="maxItems">How many runs' data <c>digest.items</c> keeps (1 to 1000); null: 50.</param>
    public static WorkflowStep Digest(string id, TimeSpan window, string? key = null, int? maxItems = null) =>
        new(id, WorkflowStepType.Digest, Window: IsoDuration.Format(window, nameof(window)), Key: key, MaxItems: maxItems);

    /// <summary>A step that lets at most <paramref name="limit"/> runs of the workflow go on per <paramref name="per"/>; the others end as <see cref="RunStatus.Throttled"/>.</summary>
    /// <param name="id">The step id, such as <c>at_most_two_a_day</c>.</param>
    /// <param name="limit">How many runs may go on per period (1 to 1,000,000).</param>
    /// <param name="per">The period; positive.</param>
    /// <param name="key">Liquid naming what is counted together; null: per recipient.</param>
    public static WorkflowStep Throttle(string id, int limit, TimeSpan per, string? key = null) =>
        new(id, WorkflowStepType.Throttle, Limit: limit, Per: IsoDuration.Format(per, nameof(per)), Key: key);

    /// <summary>
    /// A <c>window</c> step: waits until the recipient's local time (their time zone, else the
    /// service's default) is between <paramref name="from"/> and <paramref name="to"/>. A window
    /// across midnight has <paramref name="to"/> earlier than <paramref name="from"/>.
    /// </summary>
    /// <param name="id">The step id, such as <c>daytime</c>.</param>
    /// <param name="from">The local opening time, to the minute.</param>
    /// <param name="to">The local closing time, to the minute.</param>
    /// <param name="days">The days it opens; none: every day.</param>
    public static WorkflowStep TimeWindow(string id, TimeOnly from, TimeOnly to, params IEnumerable<DayOfWeek> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        IReadOnlyList<string> names = [.. days.Select(d => DayNames[(int)d])];
        return new(id, WorkflowStepType.Window, From: ToMinute(from, nameof(from)), To: ToMinute(to, nameof(to)), Days: names.Count == 0 ? null : names);
    }

    /// <summary>The same, run only when <paramref name="condition"/> holds; skipped otherwise.</summary>
    /// <param name="condition">
    /// A Liquid condition as it would go inside <c>{% if … %}</c>, such as <c>steps.inbox.read == false</c>
    /// or <c>data.vip</c>; it may read only earlier steps.
    /// </param>
    public WorkflowStep If(string condition) => this with { Condition = condition };

    /// <summary>The same send step, with its content from a stored template that has content for its channel.</summary>
    /// <param name="templateKey">The template key.</param>
    /// <exception cref="InvalidOperationException">This is not a send step.</exception>
    public WorkflowStep UsingTemplate(string templateKey) => SendOnly(nameof(UsingTemplate)) with { Template = templateKey };

    /// <summary>The same send step, with inline content; it needs content for the step's channel.</summary>
    /// <param name="content">The content; the step sends only its channel's part.</param>
    /// <exception cref="InvalidOperationException">This is not a send step.</exception>
    public WorkflowStep WithContent(ChannelContent content) => SendOnly(nameof(WithContent)) with { Content = content };

    /// <summary>The same send step, with inline email content.</summary>
    /// <param name="subject">The subject line.</param>
    /// <param name="text">The plain-text body.</param>
    /// <param name="html">The HTML body.</param>
    /// <exception cref="InvalidOperationException">This is not a send step.</exception>
    public WorkflowStep WithEmail(string subject, string? text = null, string? html = null) => WithContent(new(Email: new(subject, text, html)));

    /// <summary>The same send step, with inline SMS content.</summary>
    /// <param name="text">The message text.</param>
    /// <exception cref="InvalidOperationException">This is not a send step.</exception>
    public WorkflowStep WithSms(string text) => WithContent(new(Sms: new(text)));

    /// <summary>The same send step, with inline web push content.</summary>
    /// <param name="title">The title.</param>
    /// <param name="body">The body text.</param>
    /// <param name="url">Where opening it leads.</param>
    /// <exception cref="InvalidOperationException">This is not a send step.</exception>
    public WorkflowStep WithPush(string title, string? body = null, string? url = null) => WithContent(new(Push: new(title, body, url)));

    /// <summary>The same send step, with inline in-app inbox content.</summary>
    /// <param name="title">The title.</param>
    /// <param name="body">The body text.</param>
    /// <param name="url">Where opening it leads.</param>
    /// <exception cref="InvalidOperationException">This is not a send step.</exception>
    public WorkflowStep WithInbox(string title, string? body = null, string? url = null) => WithContent(new(Inbox: new(title, body, url)));

    /// <summary>The same send step, with an inline webhook payload.</summary>
    /// <param name="payload">An object that serializes to JSON.</param>
    /// <exception cref="InvalidOperationException">This is not a send step.</exception>
    public WorkflowStep WithWebhookPayload(object payload) => WithContent(new(Webhook: new(Json.ToNode(payload))));

    /// <summary>The service ignores a template or content on other steps: refused here, where the mistake is made.</summary>
    private WorkflowStep SendOnly(string method) => Type == WorkflowStepType.Send
        ? this
        : throw new InvalidOperationException($"{method} applies to send steps; step '{Id}' is a {Type} step.");

    private static string ToMinute(TimeOnly time, string parameterName) => time.Ticks % TimeSpan.TicksPerMinute == 0
        ? time.ToString("HH:mm", CultureInfo.InvariantCulture)
        : throw new ArgumentException($"A window opens and closes on the minute; {time:HH:mm:ss.fff} is not.", parameterName);
}
