using Constructs;

namespace Usheru.Notification.Infrastructure.Settings;

/// <summary>
/// What differs between AWS accounts, read from the CDK context (cdk.json, overridden with
/// <c>-c key=value</c>) so no real account, zone or connection is written in code. The keys are
/// documented in docs/deployment.md. Nothing is looked up in AWS: synthesis works offline.
/// </summary>
internal sealed record DeploymentSettings(
    string Account,
    string Region,
    string HostedZoneId,
    string HostedZoneName,
    string ConnectionArn,
    string GitHubOwner,
    string GitHubRepo,
    string? AlarmEmail = null)
{
    public const string DefaultRegion = "eu-west-1";

    public static DeploymentSettings FromContext(Node node) => new(
        Account: Required(node, "account"),
        Region: Optional(node, "region") ?? DefaultRegion,
        HostedZoneId: Required(node, "hostedZoneId"),
        HostedZoneName: Required(node, "hostedZoneName"),
        ConnectionArn: Required(node, "connectionArn"),
        GitHubOwner: Required(node, "githubOwner"),
        GitHubRepo: Required(node, "githubRepo"),
        AlarmEmail: Optional(node, "alarmEmail"));

    /// <summary>A concrete account and region, so `cdk deploy` refuses credentials for another account.</summary>
    public Amazon.CDK.Environment ToEnvironment() => new() { Account = Account, Region = Region };

    private static string? Optional(Node node, string key) =>
        node.TryGetContext(key) is string { Length: > 0 } value ? value : null;

    private static string Required(Node node, string key) =>
        Optional(node, key)
        ?? throw new InvalidOperationException(
            $"CDK context value '{key}' is missing: set it in cdk.json or pass -c {key}=<value>.");
}
