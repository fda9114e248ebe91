using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MimeKit;
using Usheru.Notification.Api.Delivery;

namespace Usheru.Notification.Api.Channels.Email;

internal static class EmailChannelExtensions
{
    public const string ProductionNeedsSmtp =
        "In Production, set Email:Smtp:Host (e.g. Amazon SES) or, to really keep mail as files, Email:PickupDirectory explicitly: "
        + "otherwise every email would be written to data/outbox inside the container, lost at its next replacement, and reported sent.";

    /// <summary>
    /// Adds the <c>email</c> channel, sending over SMTP when <c>Email:Smtp:Host</c> is set and
    /// into <c>Email:PickupDirectory</c> otherwise. In Production the service refuses to start
    /// with neither set: the pickup default is for a developer's machine.
    /// </summary>
    public static IHostApplicationBuilder AddEmailChannel(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var production = builder.Environment.IsProduction();
        services.AddOptions<EmailOptions>()
            .BindConfiguration(EmailOptions.Section)
            .Validate(o => MailboxAddress.TryParse(o.From, out var from) && !string.IsNullOrEmpty(from.Domain),
                "Email:From must be an email address.")
            .Validate(o => Uri.CheckHostName(o.MessageIdDomain) == UriHostNameType.Dns,
                "Email:MessageIdDomain must be a domain name.")
            .Validate(o => o.PickupDirectory is null || !string.IsNullOrWhiteSpace(o.PickupDirectory),
                "Email:PickupDirectory must be a folder when it is set.")
            .Validate(o => !production || o.Smtp.IsConfigured || o.PickupDirectory is not null, ProductionNeedsSmtp)
            .Validate(o => o.Smtp.Port is > 0 and <= 65535, "Email:Smtp:Port must be between 1 and 65535.")
            .Validate(o => o.Smtp.MaxConnections > 0, "Email:Smtp:MaxConnections must be at least 1.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EmailMessageFactory>();
        services.AddSingleton<SmtpClientPool>();
        services.AddSingleton<IEmailTransport>(provider =>
            provider.GetRequiredService<IOptions<EmailOptions>>().Value.Smtp.IsConfigured
                ? ActivatorUtilities.CreateInstance<SmtpEmailTransport>(provider)
                : ActivatorUtilities.CreateInstance<PickupDirectoryEmailTransport>(provider));
        services.AddSingleton<IChannel, EmailChannel>();
        return builder;
    }
}
