using System.ComponentModel.DataAnnotations;

namespace Usheru.Notification.Api.Hosting;

/// <summary>Per API key, and per recipient for requests made with a recipient token: a token bucket refilled every second.</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    [Range(1, 1_000_000)]
    public int PermitsPerSecond { get; set; } = 200;

    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 400;
}
