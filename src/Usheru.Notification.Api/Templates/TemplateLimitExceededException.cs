namespace Usheru.Notification.Api.Templates;

/// <summary>
/// A render went over one of the <see cref="TemplatesOptions"/> budgets. The message names the
/// limit and its setting, e.g. "Template output exceeded 262144 characters (Templates:MaxOutputChars)".
/// </summary>
internal sealed class TemplateLimitExceededException(string message) : TemplateRenderException(message)
{
    public static TemplateLimitExceededException Output(int limit) =>
        new($"Template output exceeded {limit} characters (Templates:{nameof(TemplatesOptions.MaxOutputChars)}).");

    public static TemplateLimitExceededException String(int limit) =>
        new($"A string built by the template exceeded {limit} characters (Templates:{nameof(TemplatesOptions.MaxOutputChars)}).");

    public static TemplateLimitExceededException TotalOutput(int limit) =>
        new($"Templates rendered more than {limit} characters in total (Templates:{nameof(TemplatesOptions.MaxTotalOutputChars)}).");

    public static TemplateLimitExceededException Steps(int limit) =>
        new($"Template took more than {limit} steps (Templates:{nameof(TemplatesOptions.MaxSteps)}).");

    public static TemplateLimitExceededException Range(int limit) =>
        new($"A range in the template has more than {limit} numbers (Templates:{nameof(TemplatesOptions.MaxRange)}).");

    public static TemplateLimitExceededException Memory(long limit) =>
        new($"Template allocated more than {limit} bytes (Templates:{nameof(TemplatesOptions.MaxAllocatedBytes)}).");

    public static TemplateLimitExceededException Time(TimeSpan limit) =>
        new($"Templates took longer than {limit.TotalMilliseconds:0} ms to render (Templates:{nameof(TemplatesOptions.MaxRenderTime)}).");

    /// <param name="at">Where, as Fluid reports positions: <c>(line:column)</c>.</param>
    public static TemplateLimitExceededException Depth(int limit, string? at = null) =>
        new($"Template nesting exceeded {limit} levels{(at is null ? "" : $" at {at}")} (Templates:{nameof(TemplatesOptions.MaxDepth)}).");
}
