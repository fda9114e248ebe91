namespace Usheru.Notification.Bench.Load;

/// <summary>One closed-loop wrk run: responses, failures and wrk's own latency percentiles (all samples, microsecond resolution).</summary>
internal sealed record WrkResult(long Responses, double Seconds, long NotSuccessful, long SocketErrors, LatencySummary Latency)
{
    /// <summary>2xx responses per second: 202s from every program under test here.</summary>
    public double SuccessRate => (Responses - NotSuccessful) / Seconds;
}
