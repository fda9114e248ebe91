namespace Usheru.Notification.Api.Workflows;

/// <summary>Who a run is for: a stored recipient, or an email address, phone number or webhook endpoint given in the trigger.</summary>
internal sealed record RunAddress(string? RecipientId, string? Email = null, string? Phone = null, string? Webhook = null, string? Name = null)
{
    /// <summary>The run's recipient as digests, throttles and cancellation keys tell recipients apart.</summary>
    public string Key => RecipientId ?? (Email is not null ? $"email:{Email}" : Phone is not null ? $"phone:{Phone}" : $"webhook:{Webhook}");

    /// <summary>The one channel a direct address means; null for a stored recipient, who may have several.</summary>
    public string? DirectChannel => RecipientId is not null ? null : Email is not null ? "email" : Phone is not null ? "sms" : "webhook";

    public string? DirectTo => Email ?? Phone ?? Webhook;

    public Dictionary<string, object?> TemplateModel() => new()
    {
        ["email"] = Email,
        ["phone"] = Phone,
        ["webhook"] = Webhook,
        ["name"] = Name,
    };
}
