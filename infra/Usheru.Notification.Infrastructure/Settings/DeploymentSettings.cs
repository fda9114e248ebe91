using System.Globalization;
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
    string? AlarmEmail = null,
    IReadOnlyDictionary<string, double>? EmailRatesPerSecond = null)
{
    public const string DefaultRegion = "eu-west-1";

    /// <summary>The context key of an environment's email cap: <c>productionEmailRatePerSecond</c>, <c>developmentEmailRatePerSecond</c>.</summary>
    public static string EmailRateKey(string environment) => $"{environment}EmailRatePerSecond";

    /// <summary>
    /// The most emails a second the environment's tasks send together (their
    /// <c>Delivery:Channels:email:RatePerSecond</c>), its share of the account's SES sending rate;
    /// null: uncapped.
    /// </summary>
    public double? EmailRatePerSecond(string environment) =>
        EmailRatesPerSecond?.TryGetValue(environment, out var rate) == true ? rate : null;

    public static DeploymentSettings FromContext(Node node) => new(
        Account: Required(node, "account"),
        Region: Optional(node, "region") ?? DefaultRegion,
        HostedZoneId: Required(node, "hostedZoneId"),
        HostedZoneName: Required(node, "hostedZoneName"),
        ConnectionArn: Required(node, "connectionArn"),
        GitHubOwner: Required(node, "githubOwner"),
        GitHubRepo: Required(node, "githubRepo"),
        AlarmEmail: Optional(node, "alarmEmail"),
        EmailRatesPerSecond: DeploymentEnvironment.All
            .Select(e => (e.Name, Rate: PositiveNumber(node, EmailRateKey(e.Name))))
            .Where(e => e.Rate is not null)
            .ToDictionary(e => e.Name, e => e.Rate!.Value));

    /// <summary>A concrete account and region, so `cdk deploy` refuses credentials for another account.</summary>
    public Amazon.CDK.Environment ToEnvironment() => new() { Account = Account, Region = Region };

    private static string? Optional(Node node, string key) =>
        node.TryGetContext(key) is string { Length: > 0 } value ? value : null;

    /// <summary>A number from <c>-c key=12.5</c> (a string) or cdk.json (a number), or null when unset.</summary>
    private static double? PositiveNumber(Node node, string key) =>
        node.TryGetContext(key) is not { } value || value is string { Length: 0 } ? null
        : double.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
          && number > 0 && double.IsFinite(number)
            ? number
            : throw new InvalidOperationException($"CDK context value '{key}' must be a positive number of emails a second, got '{value}'.");

    private static string Required(Node node, string key) =>
        Optional(node, key)
        ?? throw new InvalidOperationException(
            $"CDK context value '{key}' is missing: set it in cdk.json or pass -c {key}=<value>.");
}
