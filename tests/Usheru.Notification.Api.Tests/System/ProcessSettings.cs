using System.Globalization;
using Usheru.Notification.Api.Tests.Channels.Email;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.SystemTests;

/// <summary>What the system tests configure on a <see cref="ServiceProcess"/> beyond its defaults.</summary>
internal static class ProcessSettings
{
    /// <summary>Deliveries one process holds at once: the most a crash can catch in flight.</summary>
    public const int Concurrency = 64;

    /// <summary>SMTP connections one process opens at most: the most sends on the wire at once.</summary>
    public const int SmtpConnections = 8;

    /// <summary>Email over SMTP to <paramref name="smtp"/>, then <paramref name="more"/> settings on top.</summary>
    public static Dictionary<string, string?> For(SlowSmtpServer smtp, params (string Key, string Value)[] more)
    {
        var settings = EmailSettings.Smtp(smtp.Port, SmtpConnections);
        settings["Delivery:Concurrency"] = Concurrency.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in more)
            settings[key] = value;
        return settings;
    }
}
