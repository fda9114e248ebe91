using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MimeKit;
using Usheru.Notification.Api.Delivery;

namespace Usheru.Notification.Api.Channels.Email;

internal static class EmailChannelExtensions
{
    /// <summary>
    /// Adds the <c>email</c> channel, sending over SMTP when <c>Email:Smtp:Host</c> is set and
    /// into <c>Email:PickupDirectory</c> otherwise.
    /// </summary>
    public static IHostApplicationBuilder AddEmailChannel(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EmailOptions>()
            .BindConfiguration(EmailOptions.Section)
            .Validate(o => MailboxAddress.TryParse(o.From, out var from) && !string.IsNullOrEmpty(from.Domain),
                "Email:From must be an email address.")
            .Validate(o => Uri.CheckHostName(o.MessageIdDomain) == UriHostNameType.Dns,
                "Email:MessageIdDomain must be a domain name.")
            .Validate(o => o.Smtp.IsConfigured || !string.IsNullOrWhiteSpace(o.PickupDirectory),
                "Email:PickupDirectory must be set when Email:Smtp:Host is not.")
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
