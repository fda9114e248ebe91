using Amazon.CDK;
using Amazon.CDK.AWS.Route53;
using Constructs;
using Usheru.Notification.Infrastructure.Mail;
using Usheru.Notification.Infrastructure.Settings;

namespace Usheru.Notification.Infrastructure.Stacks;

/// <summary>Shared by every environment: the SES identity of the domain mail is sent from.</summary>
internal sealed class MailStack : Stack
{
    public const string Id = "UsheruNotification-mail";

    public MailStack(Construct scope, DeploymentSettings settings)
        : base(scope, Id, new StackProps
        {
            Env = settings.ToEnvironment(),
            Description = $"Usheru Notification Service: SES identity of {settings.HostedZoneName} (Easy DKIM, MAIL FROM)",
        })
    {
        var zone = PublicHostedZone.FromPublicHostedZoneAttributes(this, "Zone", new PublicHostedZoneAttributes
        {
            HostedZoneId = settings.HostedZoneId,
            ZoneName = settings.HostedZoneName,
        });
        _ = new MailIdentity(this, "Identity", zone);
    }
}
