namespace Usheru.Notification.Api.Storage;

/// <summary>Opaque ids with a type prefix and a time-sortable body (UUIDv7, hex).</summary>
internal static class Ids
{
    public const string Notification = "ntf";
    public const string Delivery = "dlv";
    public const string Event = "evt";
    public const string WebhookEndpoint = "whe";
    public const string ApiKey = "key";
    public const string PushSubscription = "psub";
    public const string InboxItem = "inb";
    public const string AuditEntry = "aud";
    public const string Run = "run";
    public const string Digest = "dig";
    public const string Retry = "rty";

    public static string New(string prefix) => $"{prefix}_{Guid.CreateVersion7():N}";

    /// <summary>Whether <paramref name="id"/> has the shape of an id issued with <paramref name="prefix"/>.</summary>
    public static bool HasPrefix(string id, string prefix) => Hosting.Identifiers.Issued(prefix).IsValid(id);
}
