namespace Usheru.Notification.Api.Tests.SystemTests;

/// <summary>
/// Tests that start the service as OS processes: each takes a good share of this two-core machine
/// and measures time (drain, lease expiry), so they run one at a time and after the parallel ones.
/// The namespace is not <c>…Tests.System</c>, which would hide the <c>System</c> namespace from every other test.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServiceProcesses
{
    public const string Name = "Service processes";
}
