namespace Usheru.Notification.Api.Delivery;

/// <summary>
/// What is sent on one channel (email, webhook, …): formatting, addressing and which failures
/// are worth retrying. The provider behind it (SMTP, HTTP, …) is the channel's own business.
/// </summary>
internal interface IChannel
{
    /// <summary>The channel name used in the API: <c>email</c>, <c>webhook</c>, ….</summary>
    string Name { get; }

    /// <summary>Makes one attempt. Expected failures come back as an outcome, never as an exception.</summary>
    Task<DeliveryOutcome> SendAsync(ClaimedDelivery delivery, CancellationToken cancellationToken);
}
