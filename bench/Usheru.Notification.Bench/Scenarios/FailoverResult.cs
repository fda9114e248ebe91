namespace Usheru.Notification.Bench.Scenarios;

/// <param name="Held">Deliveries the killed instance had claimed and not finished at the kill.</param>
/// <param name="HeldArrivedAfter">From the kill until the last of those reached the sink (zero for one that had arrived before).</param>
/// <param name="Arrived">Distinct deliveries of the backlog that reached the sink, of <paramref name="Count"/>.</param>
internal sealed record FailoverResult(int Count, long Arrived, int Held, TimeSpan HeldArrivedAfter);
