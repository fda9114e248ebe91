using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Recipients;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Workflows;

namespace Usheru.Notification.Api.Topics;

/// <summary>
/// Expands notifications sent to topics into deliveries (or workflow runs), a batch of recipients at a time: memory
/// stays flat however many follow a topic, and deliveries start going out while the rest is still
/// being expanded. Woken when a topic notification is accepted here; fan-outs left by a dead
/// instance are taken over once their lease runs out.
/// </summary>
internal sealed class FanoutWorker(
    FanoutQueue queue,
    RecipientStore recipients,
    FanoutSignal signal,
    ChannelCatalog available,
    Unsubscribe.UnsubscribeLinks unsubscribeLinks,
    WorkSignal deliveries,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<FanoutWorker> logger) : BackgroundService
{
    public const int BatchSize = 500;
    private static readonly TimeSpan ErrorPause = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Concurrency == 0 ? Task.CompletedTask : Hosting.BackgroundLoop.RunAsync(nameof(FanoutWorker), RunAsync, time, logger, stoppingToken);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await queue.ClaimAsync(stoppingToken) is { } fanout)
                {
                    await ExpandAsync(fanout, stoppingToken);
                }
                else
                {
                    await signal.Signal.WaitAsync(options.Value.Lease, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
            {
                logger.LogError(ex, "Fan-out failed; its lease will let it resume from its last batch");
                await Task.Delay(ErrorPause, stoppingToken);
            }
        }
    }

    private async Task ExpandAsync(ClaimedFanout fanout, CancellationToken stoppingToken)
    {
        var plan = fanout.Plan;
        var errors = new Dictionary<string, string[]>();
        var content = plan.Workflow is not null ? null
            : plan.Template is not null ? ComposedContent.Stored(plan.Template, errors) : ComposedContent.Inline(plan.Content!, errors);
        var direct = plan.DirectRecipients.ToHashSet();
        var unsubscribe = await unsubscribeLinks.SignerAsync(stoppingToken);
        var after = fanout.AfterRecipient;
        while (!stoppingToken.IsCancellationRequested)
        {
            var ids = await queue.NextRecipientsAsync(fanout, after, BatchSize, stoppingToken);
            var batch = new List<NewDelivery>();
            var runs = new List<NewRun>();
            var recipientCount = 0;
            if (content is null)
            {
                runs.AddRange(ids.Where(id => !direct.Contains(id)).Select(id => new NewRun(Ids.New(Ids.Run), new RunAddress(id))));
                recipientCount = runs.Count;
            }
            else
            {
                var people = await recipients.GetManyAsync([.. ids.Where(id => !direct.Contains(id))], stoppingToken);
                var push = await recipients.PushSubscriptionsAsync([.. people.Keys], stoppingToken);
                foreach (var person in people.Values)
                {
                    RecipientRouting.Address(person, push.GetValueOrDefault(person.Id, []), plan.Channels, plan.Data, content, plan.Category, available, unsubscribe, batch);
                }
                recipientCount = people.Count;
            }
            var done = ids.Count < BatchSize;
            if (!await queue.CommitBatchAsync(fanout, batch, runs, plan.SendAt, ids.Count > 0 ? ids[^1] : null, recipientCount, done, stoppingToken))
            {
                logger.LogInformation("Fan-out of {NotificationId} stopped: cancelled, or taken over by another instance", fanout.NotificationId);
                return;
            }
            deliveries.Notify();
            if (done)
            {
                return;
            }
            after = ids[^1];
        }
    }
}
