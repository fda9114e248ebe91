namespace Usheru.Notification.Api.Tests.Tracing;

/// <summary>
/// Activity listeners are process-wide: while one test's tracer provider lives, every service in
/// the process traces. These tests run one at a time, after the parallel ones, so a test that
/// means tracing off has it off, and no other test's spans or requests mix with theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracedServices
{
    public const string Name = "Tracing";
}
