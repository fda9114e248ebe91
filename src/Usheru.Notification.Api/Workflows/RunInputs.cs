using Dapper;
using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Recipients;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Templates;

namespace Usheru.Notification.Api.Workflows;

/// <summary>
/// What a batch of runs reads but does not decide: their workflows' versions, their recipients
/// (with push subscriptions), content, and the state of the deliveries their sends made. Read once
/// per batch, most of it before the transaction opens.
/// </summary>
internal sealed class RunInputs
{
    private readonly Dictionary<string, ComposedContent?> contents = [];
    private readonly TemplateStore templates;
    private readonly TimeZoneInfo defaultZone;

    private RunInputs(TemplateStore templates, TimeZoneInfo defaultZone)
    {
        this.templates = templates;
        this.defaultZone = defaultZone;
    }

    public required IReadOnlyDictionary<(string Key, int Version), WorkflowBody> Definitions { get; init; }

    public required IReadOnlyDictionary<string, Recipient> People { get; init; }

    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Push { get; init; }

    public required Func<string, string, string> Unsubscribe { get; init; }

    public required ChannelCatalog Available { get; init; }

    /// <summary>The status of every delivery the batch's runs made before; filled in inside the transaction.</summary>
    public Dictionary<string, string> DeliveryStatuses { get; } = [];

    /// <summary>The inbox deliveries whose item the recipient has read; filled in inside the transaction.</summary>
    public HashSet<string> ReadDeliveries { get; } = [];

    public static async Task<RunInputs> LoadAsync(IReadOnlyList<ClaimedRun> runs, WorkflowStore workflows, TemplateStore templates, RecipientStore recipients,
        Unsubscribe.UnsubscribeLinks unsubscribeLinks, ChannelCatalog available, IOptions<WorkflowOptions> options, CancellationToken cancellationToken)
    {
        var definitions = new Dictionary<(string, int), WorkflowBody>();
        foreach (var version in runs.Select(r => (r.WorkflowKey, r.WorkflowVersion)).Distinct())
        {
            definitions[version] = await workflows.VersionAsync(version.WorkflowKey, version.WorkflowVersion, cancellationToken);
        }
        var people = await recipients.GetManyAsync([.. runs.Select(r => r.Address.RecipientId).OfType<string>().Distinct()], cancellationToken);
        return new RunInputs(templates, options.Value.DefaultZone)
        {
            Definitions = definitions,
            People = people,
            Push = await recipients.PushSubscriptionsAsync([.. people.Keys], cancellationToken),
            Unsubscribe = await unsubscribeLinks.SignerAsync(cancellationToken),
            Available = available,
        };
    }

    /// <summary>Reads, inside the transaction, how the deliveries the runs made before are doing.</summary>
    public async Task ReadDeliveriesAsync(IStorageEngine engine, WriteScope scope, IEnumerable<ClaimedRun> runs)
    {
        DeliveryStatuses.Clear();
        ReadDeliveries.Clear();
        var ids = runs.SelectMany(r => r.State.DeliveryIds).Distinct().ToArray();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var (id, status) in await scope.Connection.QueryAsync<(string, string)>(new CommandDefinition(
                $"SELECT id, status FROM deliveries WHERE id {engine.InList("@chunk")}", new { chunk }, scope.Transaction)))
            {
                DeliveryStatuses[id] = status;
            }
            var items = chunk.Select(InboxItemOf).ToArray();
            foreach (var item in await scope.Connection.QueryAsync<string>(new CommandDefinition(
                $"SELECT id FROM inbox_items WHERE id {engine.InList("@items")} AND read_at IS NOT NULL", new { items }, scope.Transaction)))
            {
                ReadDeliveries.Add($"{Ids.Delivery}_{item[(Ids.InboxItem.Length + 1)..]}");
            }
        }
    }

    public IReadOnlyList<string> PushFor(Recipient? person) => person is null ? [] : Push.GetValueOrDefault(person.Id, []);

    public TimeZoneInfo ZoneOf(Recipient? person) =>
        person?.Timezone is { } zone && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found) ? found : defaultZone;

    /// <summary>A send step's content: its stored template as it is now, or its inline content; null when the template is gone.</summary>
    public async Task<ComposedContent?> ContentAsync(ClaimedRun run, WorkflowStep step)
    {
        var key = step.Template is { } template ? $"template:{template}" : $"inline:{run.WorkflowKey}:{run.WorkflowVersion}:{step.Id}";
        if (!contents.TryGetValue(key, out var content))
        {
            var errors = new Dictionary<string, string[]>();
            content = step.Template is not null
                ? await templates.GetAsync(step.Template, CancellationToken.None) is { } stored ? ComposedContent.Stored(stored, errors) : null
                : ComposedContent.Inline(step.Content!, errors);
            contents[key] = content;
        }
        return content;
    }

    /// <summary>The inbox channel names an item after its delivery.</summary>
    private static string InboxItemOf(string deliveryId) => $"{Ids.InboxItem}_{deliveryId[(Ids.Delivery.Length + 1)..]}";
}
