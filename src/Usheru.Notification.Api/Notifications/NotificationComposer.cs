using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Recipients;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Templates;
using Usheru.Notification.Api.Topics;
using Usheru.Notification.Api.WebhookEndpoints;
using Usheru.Notification.Api.Workflows;

namespace Usheru.Notification.Api.Notifications;

/// <summary>
/// Turns a valid request into deliveries. Content comes from the stored template (in the
/// recipient's locale, falling back to the language, then the default) or from inline content,
/// parsed once and rendered per recipient with <c>data</c> and <c>recipient.*</c>. A recipient gets
/// every channel of the content that they have an address for; what their preferences block, or an
/// address they lack, becomes a <c>suppressed</c> delivery with the reason. Topics are expanded
/// later, in batches, by the <see cref="FanoutWorker"/>.
/// </summary>
internal sealed class NotificationComposer(
    TemplateStore templates, RecipientStore recipients, WebhookEndpointStore endpoints, TopicStore topics, ChannelCatalog available,
    Unsubscribe.UnsubscribeLinks unsubscribeLinks, WorkflowStore workflows)
{
    /// <param name="traceContext">The trace the request came in, stored with the notification (<see cref="Tracing.TraceContext.OfRequest"/>).</param>
    public async Task<NewNotification?> ComposeAsync(SendNotificationRequest request, DateTimeOffset now, string? traceContext, Dictionary<string, string[]> errors,
        CancellationToken ct)
    {
        if (request.Workflow is { } workflow)
        {
            return await ComposeTriggerAsync(request, workflow, now, traceContext, errors, ct);
        }
        var (content, template) = await ContentAsync(request, errors, ct);
        var people = await recipients.GetManyAsync([.. request.To!.Select(a => a.RecipientId).OfType<string>().Distinct()], ct);
        var webhooks = request.To!.Select(a => a.Webhook).OfType<string>().Distinct().ToList();
        var unusable = await endpoints.UnusableAsync(webhooks, ct);
        var topicKeys = request.To!.Select(a => a.Topic).OfType<string>().Distinct().ToList();
        var unknownTopics = await topics.UnknownAsync(topicKeys, ct);
        if (content is null || errors.Count > 0)
        {
            return null;
        }
        var push = await recipients.PushSubscriptionsAsync([.. people.Keys], ct);
        var unsubscribe = await unsubscribeLinks.SignerAsync(ct);
        var category = request.Category ?? content.Category;
        var deliveries = new List<NewDelivery>();
        var budget = TemplateBudget.Start();
        try
        {
            Address(request, content, people, push, unusable, unknownTopics, category, unsubscribe, budget, deliveries, errors);
            if (topicKeys.Count > 0)
            {
                // Topic deliveries are rendered later, per recipient; a template over a limit with
                // this data alone is refused now, not found out once per follower.
                content.TryRender(Liquid.Context(request.Data, EmptyRecipient, budget));
            }
        }
        catch (TemplateRenderException ex)
        {
            errors[ex.Field ?? "content"] = [ex.Message];
        }
        var sendAt = request.SendAt > now ? request.SendAt : null;
        var fanout = topicKeys.Count == 0 ? null : new FanoutPlan(topicKeys, template, template is null ? request.Content : null,
            request.Data, request.Channels, category, sendAt, [.. people.Keys]);
        return errors.Count > 0 ? null : new NewNotification(
            Ids.New(Ids.Notification), category, request.Template,
            (request.Data ?? []).ToJsonString(), (request.Metadata ?? []).ToJsonString(),
            now, sendAt, deliveries, fanout, TraceContext: traceContext);
    }

    private static readonly Dictionary<string, object?> EmptyRecipient = [];

    private void Address(SendNotificationRequest request, ComposedContent content, IReadOnlyDictionary<string, Recipient> people,
        IReadOnlyDictionary<string, IReadOnlyList<string>> push, IReadOnlyList<string> unusable, IReadOnlyList<string> unknownTopics, string category,
        Func<string, string, string> unsubscribe, TemplateBudget budget, List<NewDelivery> deliveries, Dictionary<string, string[]> errors)
    {
        for (var i = 0; i < request.To!.Count; i++)
        {
            var address = request.To[i];
            var error = address switch
            {
                { Webhook: { } id } when unusable.Contains(id) => $"No enabled webhook endpoint '{id}'.",
                { RecipientId: { } id } when !people.ContainsKey(id) => $"No recipient '{id}'.",
                { Topic: { } key } when unknownTopics.Contains(key) => $"No topic '{key}'.",
                { Topic: not null } => null,
                { RecipientId: { } id } => RecipientRouting.Address(people[id], push.GetValueOrDefault(id, []), request.Channels, request.Data, content, category,
                    available, unsubscribe, deliveries, budget)
                    ? null : "None of the content's channels can reach a recipient.",
                _ => AddressDirect(address, request, content, budget, deliveries),
            };
            if (error is not null)
            {
                errors[$"to[{i}]"] = [error];
            }
        }
    }

    /// <summary>
    /// A workflow trigger: one run per recipient (an address named twice still gets one), each
    /// starting at the first step when the notification is due; topics fan out into runs.
    /// </summary>
    private async Task<NewNotification?> ComposeTriggerAsync(SendNotificationRequest request, string key, DateTimeOffset now, string? traceContext,
        Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var workflow = await workflows.GetAsync(key, ct);
        if (workflow is null)
        {
            errors["workflow"] = [$"No workflow '{key}'."];
        }
        var people = await recipients.GetManyAsync([.. request.To!.Select(a => a.RecipientId).OfType<string>().Distinct()], ct);
        var unusable = await endpoints.UnusableAsync([.. request.To!.Select(a => a.Webhook).OfType<string>().Distinct()], ct);
        var topicKeys = request.To!.Select(a => a.Topic).OfType<string>().Distinct().ToList();
        var unknownTopics = await topics.UnknownAsync(topicKeys, ct);
        var runs = new Dictionary<string, NewRun>();
        for (var i = 0; i < request.To!.Count; i++)
        {
            var address = request.To[i];
            var error = address switch
            {
                { Webhook: { } id } when unusable.Contains(id) => $"No enabled webhook endpoint '{id}'.",
                { RecipientId: { } id } when !people.ContainsKey(id) => $"No recipient '{id}'.",
                { Topic: { } topic } when unknownTopics.Contains(topic) => $"No topic '{topic}'.",
                _ => null,
            };
            if (error is not null)
            {
                errors[$"to[{i}]"] = [error];
            }
            else if (address.Topic is null)
            {
                var run = new RunAddress(address.RecipientId, address.Email, address.Phone, address.Webhook, address.Name);
                runs.TryAdd(run.Key, new NewRun(Ids.New(Ids.Run), run));
            }
        }
        if (errors.Count > 0 || workflow is null)
        {
            return null;
        }
        var trigger = new WorkflowTrigger(workflow.Key, workflow.Version, request.CancellationKey);
        var category = request.Category ?? workflow.Category;
        var sendAt = request.SendAt > now ? request.SendAt : null;
        var fanout = topicKeys.Count == 0 ? null
            : new FanoutPlan(topicKeys, null, null, request.Data, null, category, sendAt, [.. people.Keys], trigger);
        return new NewNotification(Ids.New(Ids.Notification), category, null, (request.Data ?? []).ToJsonString(), (request.Metadata ?? []).ToJsonString(),
            now, sendAt, [], fanout, trigger, [.. runs.Values], traceContext);
    }

    private async Task<(ComposedContent? Content, StoredTemplate? Template)> ContentAsync(SendNotificationRequest request, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (request.Template is not { } key)
        {
            return (ComposedContent.Inline(request.Content!, errors), null);
        }
        if (await templates.GetAsync(key, ct) is not { } template)
        {
            errors["template"] = [$"No template '{key}'."];
            return (null, null);
        }
        return (ComposedContent.Stored(template, errors), template);
    }

    /// <summary>An email address, phone number or webhook endpoint: the one channel that address means.</summary>
    private string? AddressDirect(Address address, SendNotificationRequest request, ComposedContent content, TemplateBudget budget, List<NewDelivery> deliveries)
    {
        var (channel, to, model) = address switch
        {
            { Email: { } email } => ("email", email, new Dictionary<string, object?> { ["email"] = email, ["name"] = address.Name }),
            { Phone: { } phone } => ("sms", phone, new Dictionary<string, object?> { ["phone"] = phone, ["name"] = address.Name }),
            _ => ("webhook", address.Webhook!, new Dictionary<string, object?> { ["webhook"] = address.Webhook, ["name"] = address.Name }),
        };
        if (request.Channels is { } allowed && !allowed.Contains(channel))
        {
            return $"The {channel} channel is excluded by 'channels'.";
        }
        if (!available.Has(channel))
        {
            return $"The {channel} channel is not configured on this service.";
        }
        var parsed = content.For(channel, null);
        if (parsed is null && channel != "webhook")
        {
            return $"{(channel == "email" ? "An email address" : "A phone number")} needs {channel} content.";
        }
        var rendered = parsed?.Render(channel, Liquid.Context(request.Data, model, budget), address.Name)
            ?? new Channels.Webhook.WebhookContent(null);
        deliveries.Add(new NewDelivery(Ids.New(Ids.Delivery), channel, to, StoredJson.Serialize(rendered)));
        return null;
    }
}
