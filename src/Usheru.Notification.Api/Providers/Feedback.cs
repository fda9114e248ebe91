namespace Usheru.Notification.Api.Providers;

/// <summary>
/// What a provider reported about one delivery after it was sent. The delivery is named by our id
/// (SES echoes our headers) or by the provider's id for it (Twilio's message sid).
/// </summary>
/// <param name="Status"><c>delivered</c>, <c>bounced</c>, <c>complained</c>, or <c>failed</c> (the provider refused it after accepting it).</param>
/// <param name="Address">The address the report is about; it must be the delivery's, or nothing changes.</param>
/// <param name="Detail">The provider's words, kept as the delivery's last error (bounces) and with a suppression.</param>
/// <param name="Suppress">Put the address on the suppression list (<c>bounce</c> or <c>complaint</c>), or null.</param>
internal sealed record Feedback(string Channel, string? DeliveryId, string? ProviderMessageId, string Status, string? Address, string? Detail,
    string? Suppress = null);

/// <summary>What came of a <see cref="Feedback"/>.</summary>
internal enum FeedbackResult
{
    /// <summary>Recorded (or already known).</summary>
    Recorded,

    /// <summary>No delivery of ours matches (unknown, erased, another address): nothing changed, and that is not an error.</summary>
    Unknown,

    /// <summary>The delivery's own send result is not recorded yet: ask the provider to report again later.</summary>
    NotYetSent,
}
