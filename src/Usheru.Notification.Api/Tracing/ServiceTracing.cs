using System.Diagnostics;

namespace Usheru.Notification.Api.Tracing;

/// <summary>
/// The service's own spans (one per delivery attempt). Tracing is on when an OpenTelemetry tracer
/// provider listens to <see cref="SourceName"/>: <see cref="TracingExtensions.AddTracing"/> adds one
/// when an OTLP endpoint is configured, a test adds one with an in-memory exporter.
/// </summary>
internal static class ServiceTracing
{
    public const string SourceName = "Usheru.Notification";

    public static readonly ActivitySource Source = new(SourceName, typeof(ServiceTracing).Assembly.GetName().Version?.ToString());

    /// <summary>A field read: when nobody listens, the hot paths skip every span and tag.</summary>
    public static bool Enabled => Source.HasListeners();

    public const string NotificationIdTag = "usheru.notification.id";
    public const string DeliveryIdTag = "usheru.delivery.id";
    public const string ChannelTag = "usheru.delivery.channel";
    public const string AttemptTag = "usheru.delivery.attempt";
    public const string OutcomeTag = "usheru.delivery.outcome";

    /// <summary>Names the notification on the accept span (the request's server span), so a trace can be found by notification id.</summary>
    public static void TagAccepted(string notificationId)
    {
        if (Enabled)
        {
            Activity.Current?.SetTag(NotificationIdTag, notificationId);
        }
    }
}
