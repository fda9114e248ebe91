namespace Usheru.Notification.Bench.Load;

/// <summary>One open-loop run: the rate offered, how many requests succeeded, and latency measured from each request's scheduled start.</summary>
internal sealed record PacedResult(double OfferedRate, int Sent, int Succeeded, LatencySummary Latency);
