using System.Globalization;

namespace Usheru.Notification.Api.Tests.Channels.Email;

/// <summary>In-memory <c>Email</c> configuration for the email channel tests.</summary>
internal static class EmailSettings
{
    public const string From = "notifications@usheru.test";
    public const string MessageIdDomain = "notification.usheru.test";

    public static Dictionary<string, string?> Smtp(int port, int maxConnections = 8) => new()
    {
        ["Email:From"] = $"Usheru <{From}>",
        ["Email:MessageIdDomain"] = MessageIdDomain,
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        ["Email:Smtp:MaxConnections"] = maxConnections.ToString(CultureInfo.InvariantCulture),
    };

    public static Dictionary<string, string?> Pickup(string directory) => new()
    {
        ["Email:From"] = From,
        ["Email:MessageIdDomain"] = MessageIdDomain,
        ["Email:PickupDirectory"] = directory,
    };
}
