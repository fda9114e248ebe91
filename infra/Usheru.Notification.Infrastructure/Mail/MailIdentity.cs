using Amazon.CDK;
using Amazon.CDK.AWS.Route53;
using Amazon.CDK.AWS.SES;
using Constructs;

namespace Usheru.Notification.Infrastructure.Mail;

/// <summary>
/// The SES domain identity both environments send from: the hosted zone's domain, verified and
/// signed with Easy DKIM (three CNAME records written into the zone), with a custom MAIL FROM
/// domain (its MX and SPF records too) so SPF aligns with the From domain for DMARC. One per
/// account and region, hence its own stack.
/// </summary>
internal sealed class MailIdentity : Construct
{
    /// <summary>The MAIL FROM (bounce) domain under the zone: <c>bounce.usheru.com</c>.</summary>
    public const string MailFromSubdomain = "bounce";

    public MailIdentity(Construct scope, string id, IPublicHostedZone zone)
        : base(scope, id)
    {
        _ = new EmailIdentity(this, "Domain", new EmailIdentityProps
        {
            Identity = Identity.PublicHostedZone(zone),
            DkimIdentity = DkimIdentity.EasyDkim(EasyDkimSigningKeyLength.RSA_2048_BIT),
            DkimSigning = true,
            MailFromDomain = $"{MailFromSubdomain}.{zone.ZoneName}",
            // Should the MX record ever be missing, SES falls back to amazonses.com instead of refusing to send.
            MailFromBehaviorOnMxFailure = MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
        });
    }

    /// <summary>The identity's ARN, by name: environment stacks grant sending on it without a cross-stack reference.</summary>
    public static string Arn(Stack stack, string domain) =>
        stack.FormatArn(new ArnComponents { Service = "ses", Resource = "identity", ResourceName = domain });
}
