using Usheru.Notification.Bench.Load;
using Usheru.Notification.Bench.Machine;

namespace Usheru.Notification.Bench.Scenarios;

/// <param name="Transactional">Accept-to-arrival of the transactional emails sent during the window.</param>
/// <param name="MarketingRate">Marketing emails that reached the sink per second over the same window.</param>
/// <param name="MostInAnySecond">The most emails, of either lane, the sink received in any one second of the window.</param>
internal sealed record LanesResult(int Backlog, double Cap, LatencySummary Transactional, double MarketingRate, int MostInAnySecond, MonitoredWindow Window);
