using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Constructs;
using Usheru.Notification.Infrastructure.Settings;

namespace Usheru.Notification.Infrastructure.Operations;

/// <summary>
/// Where the environment's alarms go. Subscribe people or a pager to it; the optional CDK context
/// value <c>alarmEmail</c> subscribes one address (SNS asks it to confirm).
/// </summary>
internal sealed class AlarmTopic : Construct
{
    public AlarmTopic(Construct scope, string id, DeploymentEnvironment environment, string? email)
        : base(scope, id)
    {
        Topic = new Topic(this, "Topic", new TopicProps
        {
            TopicName = $"usheru-notification-{environment.Name}-alarms",
            DisplayName = $"Usheru notification service alarms ({environment.Name})",
        });
        if (email is not null)
        {
            Topic.AddSubscription(new EmailSubscription(email));
        }
    }

    public Topic Topic { get; }
}
