namespace Usheru.Notification.Bench.Scenarios;

/// <param name="Held">Deliveries the killed instance had claimed and not finished at the kill.</param>
/// <param name="HeldArrivedAfter">From the kill until every one of those was recorded sent (by the survivor), each having reached the sink.</param>
/// <param name="Arrived">Distinct deliveries of the backlog that reached the sink, of <paramref name="Count"/>.</param>
internal sealed record FailoverResult(int Count, long Arrived, int Held, TimeSpan HeldArrivedAfter);
