using System.Runtime.CompilerServices;
using Fluid;

namespace Usheru.Notification.Api.Templates;

/// <summary>
/// Meters one field's render: the characters it writes, the memory its thread allocates, the
/// stack left, and the request's <see cref="TemplateBudget"/> clock. The writer, the filters, the
/// ranges and the captures all call <see cref="Check"/>, so no loop of the template can run far
/// past a limit before one of them notices.
/// </summary>
internal sealed class RenderMeter
{
    private const string Key = "usheru.render-meter";
    private readonly int threadId = Environment.CurrentManagedThreadId;
    private readonly long allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();

    private RenderMeter(TemplateBudget budget) => Budget = budget;

    public TemplateBudget Budget { get; }

    public TemplatesOptions Limits => Budget.Limits;

    /// <summary>Meters the renders with <paramref name="context"/> from now until <see cref="End"/>.</summary>
    public static RenderMeter Begin(TemplateContext context, TemplateBudget budget)
    {
        var meter = new RenderMeter(budget);
        context.AmbientValues[Key] = meter;
        return meter;
    }

    public static void End(TemplateContext context) => context.AmbientValues.Remove(Key);

    /// <summary>The meter of the render under way with <paramref name="context"/>, if any.</summary>
    public static RenderMeter? Of(TemplateContext context) =>
        context.AmbientValues.TryGetValue(Key, out var meter) ? meter as RenderMeter : null;

    /// <exception cref="TemplateLimitExceededException">Memory or time is over its limit.</exception>
    /// <exception cref="InsufficientExecutionStackException">The stack is nearly exhausted.</exception>
    public void Check()
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        Budget.CheckTime();
        // The allocation counter is per thread; Fluid renders synchronously, so it is this one.
        if (Environment.CurrentManagedThreadId == threadId
            && GC.GetAllocatedBytesForCurrentThread() - allocatedAtStart > Limits.MaxAllocatedBytes)
        {
            throw TemplateLimitExceededException.Memory(Limits.MaxAllocatedBytes);
        }
    }

    /// <exception cref="TemplateLimitExceededException">A string of <paramref name="length"/> characters is over the limit.</exception>
    public void CheckString(long length)
    {
        if (length > Limits.MaxOutputChars)
        {
            throw TemplateLimitExceededException.String(Limits.MaxOutputChars);
        }
    }
}
