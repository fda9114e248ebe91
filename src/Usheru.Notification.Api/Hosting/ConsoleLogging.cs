namespace Usheru.Notification.Api.Hosting;

internal static class ConsoleLogging
{
    /// <summary>
    /// One JSON object per line (UTC timestamps) for CloudWatch and other collectors, except in
    /// Development, where a person reads the terminal: the simple console format. Scopes are
    /// written in both, so a line logged while a delivery is worked on carries its
    /// <c>notificationId</c>, <c>deliveryId</c> and <c>traceId</c>, and a line inside a traced request
    /// its <c>TraceId</c> and <c>SpanId</c> (the host's activity tracking).
    /// </summary>
    public static ILoggingBuilder AddServiceConsole(this ILoggingBuilder logging, IHostEnvironment environment) =>
        environment.IsDevelopment()
            ? logging.AddSimpleConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            })
            : logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
}
