using Microsoft.Extensions.DependencyInjection.Extensions;
using Usheru.Notification.Api.Delivery;

namespace Usheru.Notification.Api.Channels.Sms;

internal static class SmsChannelExtensions
{
    /// <summary>Twilio is slow at worst for a second or two; past this the message is retried.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Adds the <c>sms</c> channel, sending through Twilio, when <c>Sms:Twilio:AccountSid</c> is set.
    /// Without it SMS is disabled: no <c>sms</c> channel exists, and a delivery for one fails as unconfigured.
    /// </summary>
    public static IHostApplicationBuilder AddSmsChannel(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{TwilioOptions.Section}:{nameof(TwilioOptions.AccountSid)}"]))
            return builder;

        var services = builder.Services;
        var publicBaseUrl = builder.Configuration["PublicBaseUrl"];
        services.AddOptions<TwilioOptions>()
            .BindConfiguration(TwilioOptions.Section)
            .PostConfigure(o => o.StatusCallback ??= Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var site)
                ? Providers.Twilio.TwilioStatusRoutes.CallbackUrl(site) : null)
            .Validate(o => !string.IsNullOrWhiteSpace(o.AuthToken), "Sms:Twilio:AuthToken must be set when Sms:Twilio:AccountSid is.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.From), "Sms:Twilio:From must be set when Sms:Twilio:AccountSid is.")
            .Validate(o => Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp),
                "Sms:Twilio:BaseUrl must be an absolute http(s) URL.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(TwilioSender.HttpClientName)
            .ConfigureHttpClient(client =>
            {
                client.Timeout = Timeout;
                client.MaxResponseContentBufferSize = 64 * 1024;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Usheru-Notification/1.0");
            })
            // Request logs would carry the account's URL; nothing about a message belongs in logs.
            .RemoveAllLoggers();
        services.AddSingleton<TwilioSender>();
        services.AddSingleton<IChannel, SmsChannel>();
        return builder;
    }
}
