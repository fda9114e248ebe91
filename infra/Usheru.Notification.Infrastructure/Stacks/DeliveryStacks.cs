namespace Usheru.Notification.Infrastructure.Stacks;

/// <summary>The stacks of the app, as the tests and the CLI see them.</summary>
internal sealed record DeliveryStacks(
    RegistryStack Registry,
    MailStack Mail,
    IReadOnlyDictionary<string, NotificationEnvironmentStack> Environments);
