namespace Usheru.Notification.Client;

/// <summary>One run a workflow trigger started: for a stored recipient, or for an address given directly.</summary>
/// <param name="Id">The run id, <c>run_…</c>.</param>
/// <param name="RecipientId">The recipient it runs for; null for an address given directly.</param>
/// <param name="To">The address given directly (an email address, a phone number); null for a recipient.</param>
public sealed record AcceptedRun(string Id, string? RecipientId, string? To);
