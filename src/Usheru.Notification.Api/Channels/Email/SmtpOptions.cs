namespace Usheru.Notification.Api.Channels.Email;

/// <summary>The <c>Email:Smtp</c> configuration section.</summary>
internal sealed class SmtpOptions
{
    /// <summary>The SMTP server; none means mail goes to the pickup directory instead.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>Authenticate only when set.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Connections held open to the server at most; each carries one message at a time.</summary>
    public int MaxConnections { get; set; } = 8;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
