namespace Usheru.Notification.Bench.Report;

/// <summary>The circumstances of a run, printed above its numbers.</summary>
internal sealed record RunInfo(
    string Machine,
    string Commit,
    string Command,
    DateTimeOffset StartedAt,
    TimeSpan Took,
    string LoadAverageAtStart,
    string LoadAverageAtEnd);
