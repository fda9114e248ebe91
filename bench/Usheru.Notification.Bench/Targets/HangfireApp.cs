using System.Globalization;
using System.Text.Json.Nodes;
using Hangfire;
using Hangfire.PostgreSql;
using Usheru.Notification.Bench.Processes;

namespace Usheru.Notification.Bench.Targets;

/// <summary>
/// The same workload built the way a .NET team commonly would: an ASP.NET Core endpoint that
/// enqueues one Hangfire job per recipient on PostgreSQL and answers 202, and a Hangfire server
/// with 64 workers in the same process. It is the generous version: no API keys, no validation, no
/// templates, no idempotency, no status tracking. Long polling (LISTEN/NOTIFY) is on, so an idle
/// worker wakes on a new job rather than after the 15 s poll interval.
/// </summary>
internal static class HangfireApp
{
    public const string Mode = "hangfire";

    /// <summary>The app itself, in its own process; settings come from <c>Bench__*</c> variables.</summary>
    public static async Task RunAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var settings = builder.Configuration.GetSection("Bench");
        var connectionString = settings["ConnectionString"] ?? throw new InvalidOperationException("Bench:ConnectionString is not set.");
        var workers = settings.GetValue<int>("Workers");
        builder.Services.AddSingleton(new SmtpTarget("127.0.0.1", settings.GetValue<int>("SmtpPort"), settings.GetValue<bool>("ReuseSmtpConnection")));
        builder.Services.AddHangfire(hangfire => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions { EnableLongPolling = true }));
        if (workers > 0)
        {
            builder.Services.AddHangfireServer(server => server.WorkerCount = workers);
        }

        var app = builder.Build();
        // Install the schema before taking requests; otherwise the first requests queue behind it.
        _ = app.Services.GetRequiredService<JobStorage>();
        app.MapPost("/v1/notifications", (JsonObject body, IBackgroundJobClient jobs) =>
        {
            var notificationId = $"ntf_{Guid.CreateVersion7():N}";
            var email = body["content"]?["email"];
            var subject = email?["subject"]?.GetValue<string>() ?? "";
            var text = email?["text"]?.GetValue<string>() ?? "";
            var deliveries = new JsonArray();
            foreach (var to in (body["to"]?.AsArray() ?? []).Select(r => r?["email"]?.GetValue<string>()).OfType<string>())
            {
                var deliveryId = $"dlv_{Guid.CreateVersion7():N}";
                jobs.Enqueue<HangfireEmailJob>(job => job.Send(notificationId, deliveryId, to, subject, text));
                deliveries.Add(new JsonObject { ["id"] = deliveryId, ["channel"] = "email", ["to"] = to, ["status"] = "queued" });
            }
            return Results.Json(new JsonObject { ["id"] = notificationId, ["status"] = "accepted", ["deliveries"] = deliveries },
                statusCode: StatusCodes.Status202Accepted);
        });
        app.MapGet("/health/ready", () => Results.Ok());
        await app.RunAsync();
    }

    /// <param name="workers">0 for an enqueue-only app, to build a backlog.</param>
    public static Task<AppProcess> StartAsync(BenchContext context, string connectionString, int workers, bool reuseSmtpConnection) =>
        AppProcess.StartAsync(Mode, RepoPaths.BenchDll, [Mode], new Dictionary<string, string>
        {
            ["Bench__ConnectionString"] = connectionString,
            ["Bench__Workers"] = workers.ToString(CultureInfo.InvariantCulture),
            ["Bench__SmtpPort"] = context.Smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Bench__ReuseSmtpConnection"] = reuseSmtpConnection ? "true" : "false",
        }, context.RunDirectory);
}
