using System.ComponentModel.DataAnnotations;

namespace Usheru.Notification.Api.Storage;

/// <summary>Where notifications live. <c>Storage:Username</c>/<c>Password</c> let a deployment keep
/// credentials in a secret store and the rest of the connection string in plain configuration.</summary>
internal sealed class StorageOptions
{
    public const string Section = "Storage";

    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Storage:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/notifications.db";

    public string? Username { get; set; }

    public string? Password { get; set; }
}
