namespace Usheru.Notification.Api.Tests.Support;

/// <summary>The storage engines every behavioural test runs against.</summary>
public enum Engine
{
    Sqlite,
    Postgres,
}
