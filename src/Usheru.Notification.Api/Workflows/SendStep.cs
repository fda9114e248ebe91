using System.Text.Json.Nodes;
using Usheru.Notification.Api.Channels.Webhook;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Recipients;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Templates;

namespace Usheru.Notification.Api.Workflows;

/// <summary>
/// A send step makes ordinary deliveries, routed as a notification's are: a stored recipient's
/// address, preferences and unsubscribes decide (what they block is a <c>suppressed</c> delivery
/// with the reason); a direct address reaches only its own channel. A template that cannot be
/// rendered fails this step, not the run.
/// </summary>
internal static class SendStep
{
    public static StepProgress Run(ClaimedRun run, WorkflowStep step, ComposedContent? content, Recipient? person, IReadOnlyList<string> push,
        JsonObject model, ChannelCatalog available, Func<string, string, string> unsubscribe, List<NewDelivery> deliveries)
    {
        var channel = step.Channel!;
        if (content is null)
        {
            return Failed($"No template '{step.Template}'.");
        }
        if (!available.Has(channel))
        {
            return Failed($"The {channel} channel is not configured on this service.");
        }
        var made = new List<NewDelivery>();
        try
        {
            if (person is not null)
            {
                RecipientRouting.Address(person, push, [channel], model, content, run.Category, available, unsubscribe, made);
            }
            else
            {
                Direct(run.Address, channel, content, model, made);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Failed($"The {channel} content could not be rendered: {ex.Message}");
        }
        if (made.Count == 0)
        {
            return Failed($"The template has no {channel} content.");
        }
        if (made.FirstOrDefault(d => d.FailedReason is not null) is { } unrendered)
        {
            return Failed($"The {channel} content could not be rendered: {unrendered.FailedReason}");
        }
        deliveries.AddRange(made);
        var ids = made.Select(d => d.Id).ToList();
        return made.All(d => d.SuppressedReason is not null)
            ? new StepProgress(StepProgress.Suppressed, ids, Reason: made[0].SuppressedReason)
            : new StepProgress(StepProgress.Queued, ids);
    }

    private static void Direct(RunAddress address, string channel, ComposedContent content, JsonObject model, List<NewDelivery> made)
    {
        var to = address.DirectTo!;
        if (address.DirectChannel != channel)
        {
            made.Add(new NewDelivery(Ids.New(Ids.Delivery), channel, to, "{}", null,
                $"{(address.DirectChannel == "sms" ? "a phone number" : address.DirectChannel == "email" ? "an email address" : "a webhook endpoint")} cannot receive {channel}"));
            return;
        }
        var parsed = content.For(channel, null);
        if (parsed is null && channel != "webhook")
        {
            return;
        }
        var rendered = parsed?.Render(channel, Liquid.Context(model, address.TemplateModel()), address.Name) ?? new WebhookContent(null);
        made.Add(new NewDelivery(Ids.New(Ids.Delivery), channel, to, StoredJson.Serialize(rendered)));
    }

    private static StepProgress Failed(string reason) => new(StepProgress.Failed, Reason: reason);
}
