namespace Usheru.Notification.Client;

/// <summary>One subscriber of a topic.</summary>
/// <param name="RecipientId">The subscribed recipient.</param>
public sealed record TopicSubscriber(string RecipientId);
