using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using Usheru.Notification.Infrastructure.Settings;

namespace Usheru.Notification.Infrastructure.Mail;

/// <summary>
/// SES SMTP credentials for one environment, in Secrets Manager as <c>username</c> and
/// <c>password</c>, for the task's <c>Email__Smtp__Username</c> and <c>Email__Smtp__Password</c>.
/// An IAM user may only send raw email from the identity through the environment's configuration
/// set. Its access key is made by a small custom resource that also derives the SMTP password
/// (AWS's documented HMAC derivation) and writes both into the secret: the secret access key never
/// appears in a template, a stack output or an event. Changing <see cref="Rotation"/> issues a new
/// key (the old one is deleted: redeploy the service so tasks read the new secret).
/// </summary>
internal sealed class SmtpCredentials : Construct
{
    /// <summary>Bump to rotate the key.</summary>
    public const string Rotation = "1";

    public SmtpCredentials(Construct scope, string id, DeploymentEnvironment environment, string identityArn, string configurationSetArn)
        : base(scope, id)
    {
        var region = Stack.Of(this).Region;
        Host = $"email-smtp.{region}.amazonaws.com";
        var user = new User(this, "User");
        user.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["ses:SendRawEmail"],
            Resources = [identityArn, configurationSetArn],
        }));
        Secret = new Amazon.CDK.AWS.SecretsManager.Secret(this, "Secret", new SecretProps
        {
            Description = $"SES SMTP credentials of the notification service ({environment.Name}); written by the SmtpCredentials custom resource",
            // A placeholder until the custom resource writes the real pair, moments later in the same deployment.
            GenerateSecretString = new SecretStringGenerator
            {
                SecretStringTemplate = "{\"username\":\"pending\"}",
                GenerateStringKey = "password",
                ExcludePunctuation = true,
            },
        });
        var issuer = new Function(this, "Issuer", new FunctionProps
        {
            Description = "Issues the SES SMTP user's access key and stores the derived SMTP credentials",
            Runtime = Runtime.PYTHON_3_12,
            Handler = "index.handler",
            Code = Code.FromInline(IssuerSource),
            Timeout = Duration.Minutes(1),
            LogGroup = new LogGroup(this, "IssuerLogs", new LogGroupProps { Retention = RetentionDays.ONE_MONTH }),
        });
        issuer.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys"],
            Resources = [user.UserArn],
        }));
        Secret.GrantWrite(issuer);
        Issued = new CustomResource(this, "Issued", new CustomResourceProps
        {
            ServiceToken = issuer.FunctionArn,
            Properties = new Dictionary<string, object>
            {
                ["UserName"] = user.UserName,
                ["SecretArn"] = Secret.SecretArn,
                ["Region"] = region,
                ["Rotation"] = Rotation,
            },
        });
    }

    /// <summary>The SES SMTP endpoint of the stack's region.</summary>
    public string Host { get; }

    public ISecret Secret { get; }

    /// <summary>Tasks must start after this, or they read the placeholder.</summary>
    public CustomResource Issued { get; }

    /// <summary>
    /// Inline (no asset to upload), so cfnresponse is provided by Lambda. Prints only exception type
    /// names: nothing secret reaches the logs.
    /// </summary>
    private const string IssuerSource = """
        import base64, hashlib, hmac, json
        import boto3, cfnresponse

        def smtp_password(secret_access_key, region):
            # Amazon SES: obtaining SMTP credentials by converting existing AWS credentials (version 4).
            signature = ("AWS4" + secret_access_key).encode("utf-8")
            for part in ("11111111", region, "ses", "aws4_request", "SendRawEmail"):
                signature = hmac.new(signature, part.encode("utf-8"), hashlib.sha256).digest()
            return base64.b64encode(bytes([0x04]) + signature).decode("utf-8")

        def handler(event, context):
            props = event["ResourceProperties"]
            user = props["UserName"]
            try:
                iam = boto3.client("iam")
                for key in iam.list_access_keys(UserName=user)["AccessKeyMetadata"]:
                    iam.delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"])
                if event["RequestType"] != "Delete":
                    key = iam.create_access_key(UserName=user)["AccessKey"]
                    boto3.client("secretsmanager").put_secret_value(
                        SecretId=props["SecretArn"],
                        SecretString=json.dumps({"username": key["AccessKeyId"],
                                                 "password": smtp_password(key["SecretAccessKey"], props["Region"])}))
                cfnresponse.send(event, context, cfnresponse.SUCCESS, {}, physicalResourceId=user)
            except Exception as error:
                print("failed: " + type(error).__name__)
                cfnresponse.send(event, context, cfnresponse.FAILED, {}, physicalResourceId=user, reason=type(error).__name__)
        """;
}
