using System.Diagnostics;
using Usheru.Notification.Bench.Storage;
using Usheru.Notification.Bench.Targets;

namespace Usheru.Notification.Bench.Scenarios;

/// <summary>
/// Importing fans: <c>POST /v1/recipients/bulk</c> with 1,000 new recipients per call (each with an
/// email, a name and a locale), four calls in flight, on a fresh database. One call first warms the
/// service up; the rate is recipients stored (every call answered 200) per second of wall clock.
/// </summary>
internal static class BulkRecipientsScenario
{
    private const int PerCall = 1_000;
    private const int InFlight = 4;

    public static async Task<BulkResult> MeasureAsync(BenchContext context, IBenchEngine engine, int recipients)
    {
        var connectionString = await engine.CreateDatabaseAsync(context.NextDatabaseName("bulk"));
        await using var service = await ServiceTarget.StartAsync(context, engine, connectionString);
        await ServiceTarget.CallAsync(service, HttpMethod.Post, "v1/recipients/bulk", Call("warm-up", 0));
        var calls = recipients / PerCall;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, InFlight).Select(async _ =>
        {
            for (var call = Interlocked.Increment(ref next); call < calls; call = Interlocked.Increment(ref next))
            {
                await ServiceTarget.CallAsync(service, HttpMethod.Post, "v1/recipients/bulk", Call("fan", call));
            }
        }));
        var took = clock.Elapsed;
        return new BulkResult(calls * PerCall, took, calls * PerCall / took.TotalSeconds);
    }

    private static object Call(string prefix, int call) => new
    {
        recipients = Enumerable.Range(0, PerCall).Select(i => new
        {
            id = $"{prefix}-{call}-{i}",
            email = $"{prefix}-{call}-{i}@example.com",
            name = $"Fan {call}-{i}",
            locale = "en",
        }),
    };
}

/// <param name="Recipients">Recipients stored by the measured calls.</param>
/// <param name="Rate">Recipients per second over the measured calls.</param>
internal sealed record BulkResult(int Recipients, TimeSpan Duration, double Rate);
