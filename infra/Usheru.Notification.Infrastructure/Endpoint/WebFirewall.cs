using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.WAFv2;
using Constructs;
using Usheru.Notification.Infrastructure.Settings;

namespace Usheru.Notification.Infrastructure.Endpoint;

/// <summary>
/// AWS managed WAF rules in front of the load balancer: the common rule set, known bad inputs and
/// Amazon's IP reputation list. Two common rules only count, because they would block the API's
/// own traffic: bodies over 8 KB (notifications up to 1,000 recipients, templates; the service
/// limits bodies to 256 KiB itself) and HTML in bodies (email content and templates are HTML).
/// </summary>
internal sealed class WebFirewall : Construct
{
    public static readonly string[] ManagedRuleGroups =
        ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"];

    public static readonly string[] CountedCommonRules = ["SizeRestrictions_BODY", "CrossSiteScripting_BODY"];

    public WebFirewall(Construct scope, string id, DeploymentEnvironment environment, ApplicationLoadBalancer loadBalancer)
        : base(scope, id)
    {
        var acl = new CfnWebACL(this, "Acl", new CfnWebACLProps
        {
            Name = $"usheru-notification-{environment.Name}",
            Scope = "REGIONAL",
            DefaultAction = new CfnWebACL.DefaultActionProperty { Allow = new CfnWebACL.AllowActionProperty() },
            VisibilityConfig = Visibility($"usheru-notification-{environment.Name}"),
            Rules = ManagedRuleGroups.Select((group, priority) => (object)new CfnWebACL.RuleProperty
            {
                Name = group,
                Priority = priority,
                OverrideAction = new CfnWebACL.OverrideActionProperty { None = new Dictionary<string, object>() },
                Statement = new CfnWebACL.StatementProperty
                {
                    ManagedRuleGroupStatement = new CfnWebACL.ManagedRuleGroupStatementProperty
                    {
                        VendorName = "AWS",
                        Name = group,
                        RuleActionOverrides = group == "AWSManagedRulesCommonRuleSet"
                            ? CountedCommonRules.Select(rule => (object)new CfnWebACL.RuleActionOverrideProperty
                            {
                                Name = rule,
                                ActionToUse = new CfnWebACL.RuleActionProperty { Count = new CfnWebACL.CountActionProperty() },
                            }).ToArray()
                            : null,
                    },
                },
                VisibilityConfig = Visibility(group),
            }).ToArray(),
        });
        _ = new CfnWebACLAssociation(this, "Association", new CfnWebACLAssociationProps
        {
            ResourceArn = loadBalancer.LoadBalancerArn,
            WebAclArn = acl.AttrArn,
        });
    }

    private static CfnWebACL.VisibilityConfigProperty Visibility(string name) => new()
    {
        CloudWatchMetricsEnabled = true,
        MetricName = name,
        SampledRequestsEnabled = true,
    };
}
