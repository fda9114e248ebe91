namespace Usheru.Notification.Bench.Targets;

/// <summary>Where the Hangfire baseline's jobs send, and whether each worker keeps its connection.</summary>
internal sealed record SmtpTarget(string Host, int Port, bool ReuseConnection);
