using Usheru.Notification.Bench.Processes;

namespace Usheru.Notification.Bench.Targets;

/// <summary>
/// The ceiling: Kestrel answering <c>POST /v1/notifications</c> with 202 and doing nothing else
/// (no auth, no parsing, no database). Nothing built on ASP.NET Core can accept faster on this machine.
/// </summary>
internal static class CeilingApp
{
    public const string Mode = "ceiling";

    /// <summary>The app itself, in its own process.</summary>
    public static async Task RunAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/v1/notifications", () => Results.StatusCode(StatusCodes.Status202Accepted));
        app.MapGet("/health/ready", () => Results.Ok());
        await app.RunAsync();
    }

    public static Task<AppProcess> StartAsync(BenchContext context) =>
        AppProcess.StartAsync(Mode, RepoPaths.BenchDll, [Mode], new Dictionary<string, string>(), context.RunDirectory);
}
