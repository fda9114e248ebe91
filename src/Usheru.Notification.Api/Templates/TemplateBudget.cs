using System.Diagnostics;

namespace Usheru.Notification.Api.Templates;

/// <summary>
/// What one request may spend on rendering at accept time (every recipient, every field), or one
/// message at delivery time: a deadline and a total of characters. Each field's render is metered
/// on its own as well (<see cref="RenderMeter"/>); this is what they add up to.
/// </summary>
internal sealed class TemplateBudget
{
    private readonly TemplatesOptions limits;
    private readonly TimeSpan time;
    private readonly long deadline;
    private long outputChars;

    private TemplateBudget(TemplatesOptions limits, TimeSpan time)
    {
        this.limits = limits;
        this.time = time;
        deadline = Stopwatch.GetTimestamp() + (long)(time.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>A budget whose clock starts now, under the limits in force; <paramref name="time"/> replaces <see cref="TemplatesOptions.MaxRenderTime"/>.</summary>
    public static TemplateBudget Start(TimeSpan? time = null) => new(Liquid.Limits, time ?? Liquid.Limits.MaxRenderTime);

    public TemplatesOptions Limits => limits;

    /// <exception cref="TemplateLimitExceededException">The deadline has passed.</exception>
    public void CheckTime()
    {
        if (Stopwatch.GetTimestamp() > deadline)
        {
            throw TemplateLimitExceededException.Time(time);
        }
    }

    /// <exception cref="TemplateLimitExceededException">The total is over <see cref="TemplatesOptions.MaxTotalOutputChars"/>.</exception>
    public void AddOutput(int chars)
    {
        if (Interlocked.Add(ref outputChars, chars) > limits.MaxTotalOutputChars)
        {
            throw TemplateLimitExceededException.TotalOutput(limits.MaxTotalOutputChars);
        }
    }
}
