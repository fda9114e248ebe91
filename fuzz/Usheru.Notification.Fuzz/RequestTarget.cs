using System.Text.Json;
using Usheru.Notification.Api.Hosting;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Templates;

namespace Usheru.Notification.Fuzz;

/// <summary>
/// The request validator: a body as <c>POST /v1/notifications</c> reads it, through the same strict
/// check, the same JSON options, the same validation and the same rendering of inline content to an
/// address. Every refusal the API answers with a 4xx is an expected outcome; any other exception
/// escaping is a crash, a 500 in the service.
/// </summary>
internal static class RequestTarget
{
    private static readonly JsonSerializerOptions Options = StoredJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
    private static readonly Dictionary<string, object?> Recipient = new() { ["email"] = "ann@example.com", ["name"] = "Ann" };

    public static void Run(byte[] body)
    {
        if (StrictJsonBodies.Check(body) is not null)
        {
            return;
        }
        SendNotificationRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<SendNotificationRequest>(body, Options);
        }
        catch (JsonException)
        {
            return;
        }
        if (request is null || NotificationRequestValidator.Validate(request).Count > 0 || request.Content is null)
        {
            return;
        }
        var errors = new Dictionary<string, string[]>();
        var content = ComposedContent.Inline(request.Content, errors);
        if (errors.Count > 0)
        {
            return;
        }
        var budget = TemplateBudget.Start();
        foreach (var channel in content.Channels)
        {
            try
            {
                _ = StoredJson.Serialize(content.For(channel, null)!.Render(channel, Liquid.Context(request.Data, Recipient, budget), "Ann"));
            }
            catch (TemplateRenderException)
            {
            }
        }
    }
}
