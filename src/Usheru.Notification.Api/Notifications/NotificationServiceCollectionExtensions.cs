using Usheru.Notification.Api.Idempotency;
using Usheru.Notification.Api.WebhookEndpoints;

namespace Usheru.Notification.Api.Notifications;

internal static class NotificationServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NotificationStore>();
        builder.Services.AddSingleton<NotificationWriter>();
        builder.Services.AddSingleton<IdempotencyStore>();
        builder.Services.AddSingleton<WebhookEndpointStore>();
        builder.Services.AddSingleton<NotificationComposer>();
        builder.Services.AddSingleton<Templates.TemplateStore>();
        builder.Services.AddSingleton<Recipients.RecipientStore>();
        builder.Services.AddSingleton<Topics.TopicStore>();
        builder.Services.AddSingleton<Unsubscribe.UnsubscribeLinks>();
        builder.Services.AddOptions<Unsubscribe.UnsubscribeOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            o.PublicBaseUrl = configuration.GetValue("PublicBaseUrl", o.PublicBaseUrl)!;
            o.SigningKey = configuration["Unsubscribe:SigningKey"];
        });
        builder.Services.AddSingleton<Topics.FanoutQueue>();
        builder.Services.AddSingleton<Topics.FanoutSignal>();
        builder.Services.AddHostedService<Topics.FanoutWorker>();
        return builder;
    }
}
