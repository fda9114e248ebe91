using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SES;
using Amazon.CDK.AWS.SNS;
using Constructs;
using Usheru.Notification.Infrastructure.Settings;

namespace Usheru.Notification.Infrastructure.Mail;

/// <summary>
/// How an environment learns what happened to its mail: an SES configuration set (named in every
/// email's <c>X-SES-CONFIGURATION-SET</c> header) publishes bounces, complaints, deliveries and
/// rejects to an SNS topic, which posts them over HTTPS to the service's
/// <c>/providers/ses/sns</c>. The service confirms the subscription itself and accepts only this topic.
/// </summary>
internal sealed class MailFeedback : Construct
{
    public const string EndpointPath = "/providers/ses/sns";

    /// <summary>
    /// SNS's retries end within about 40 minutes, inside the service's replay window
    /// (<c>Providers:Ses:MaxMessageAge</c>, 1 hour): a retried message is never refused as a replay.
    /// </summary>
    public static readonly object DeliveryPolicy = new Dictionary<string, object>
    {
        ["healthyRetryPolicy"] = new Dictionary<string, object>
        {
            ["minDelayTarget"] = 20,
            ["maxDelayTarget"] = 300,
            ["numRetries"] = 16,
            ["numNoDelayRetries"] = 0,
            ["numMinDelayRetries"] = 2,
            ["numMaxDelayRetries"] = 4,
            ["backoffFunction"] = "exponential",
        },
        ["throttlePolicy"] = new Dictionary<string, object> { ["maxReceivesPerSecond"] = 20 },
    };

    public MailFeedback(Construct scope, string id, DeploymentEnvironment environment)
        : base(scope, id)
    {
        ConfigurationSetName = $"usheru-notification-{environment.Name}";
        Topic = new Topic(this, "Topic", new TopicProps
        {
            TopicName = $"usheru-notification-{environment.Name}-ses-feedback",
            DisplayName = $"SES feedback for the notification service ({environment.Name})",
        });
        var configurationSet = new ConfigurationSet(this, "ConfigurationSet", new ConfigurationSetProps
        {
            ConfigurationSetName = ConfigurationSetName,
            ReputationMetrics = true,
            SendingEnabled = true,
        });
        configurationSet.AddEventDestination("Feedback", new ConfigurationSetEventDestinationOptions
        {
            Destination = EventDestination.SnsTopic(Topic),
            Events = [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.DELIVERY, EmailSendingEvent.REJECT],
        });
        Topic.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "SesPublishesFeedbackOfThisConfigurationSet",
            Principals = [new ServicePrincipal("ses.amazonaws.com")],
            Actions = ["sns:Publish"],
            Resources = [Topic.TopicArn],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["AWS:SourceAccount"] = Stack.Of(this).Account },
                ["ArnLike"] = new Dictionary<string, object> { ["AWS:SourceArn"] = ConfigurationSetArn },
            },
        }));

        Subscription = new Subscription(this, "Service", new SubscriptionProps
        {
            Topic = Topic,
            Protocol = SubscriptionProtocol.HTTPS,
            Endpoint = $"https://{environment.DomainName}{EndpointPath}",
        });
        ((CfnSubscription)Subscription.Node.DefaultChild!).DeliveryPolicy = DeliveryPolicy;
    }

    public string ConfigurationSetName { get; }

    public string ConfigurationSetArn => Stack.Of(this).FormatArn(new ArnComponents
    {
        Service = "ses",
        Resource = "configuration-set",
        ResourceName = ConfigurationSetName,
    });

    public Topic Topic { get; }

    /// <summary>SNS sends the confirmation as soon as this exists: it must wait for a healthy service behind its DNS name.</summary>
    public Subscription Subscription { get; }
}
