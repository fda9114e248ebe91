using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.RDS;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using Usheru.Notification.Infrastructure.Settings;
using InstanceType = Amazon.CDK.AWS.EC2.InstanceType;

namespace Usheru.Notification.Infrastructure.Database;

/// <summary>
/// The PostgreSQL database the tasks of one environment share (the delivery queue lives in it).
/// Credentials are generated into Secrets Manager; the service gets them as ECS secrets and the
/// rest of the connection string as plain configuration.
/// </summary>
internal sealed class NotificationDatabase : Construct
{
    public const string DatabaseName = "notifications";

    /// <summary>
    /// A minor version RDS still creates. 16.4 no longer is (cfn-lint E3691/W3691 read AWS's list):
    /// a fresh account's first deploy failed on it. Check <c>aws rds describe-db-engine-versions
    /// --engine postgres --engine-version 16</c> (or cfn-lint) before changing it.
    /// </summary>
    public static readonly PostgresEngineVersion EngineVersion = PostgresEngineVersion.Of("16.13", "16");

    private readonly DatabaseInstance _instance;

    public NotificationDatabase(Construct scope, string id, IVpc vpc, DeploymentEnvironment environment)
        : base(scope, id)
    {
        _instance = new DatabaseInstance(this, "Instance", new DatabaseInstanceProps
        {
            Engine = DatabaseInstanceEngine.Postgres(new PostgresInstanceEngineProps
            {
                Version = EngineVersion,
            }),
            InstanceType = new InstanceType(environment.DatabaseInstanceType),
            MultiAz = environment.DatabaseMultiAz,
            Vpc = vpc,
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_ISOLATED },
            DatabaseName = DatabaseName,
            Credentials = Credentials.FromGeneratedSecret("notification"),
            AllocatedStorage = 20,
            MaxAllocatedStorage = 100,
            StorageType = StorageType.GP3,
            StorageEncrypted = true,
            BackupRetention = Duration.Days(environment.BackupRetentionDays),
            DeletionProtection = environment.DeletionProtection,
            // A snapshot, not nothing, if the database is ever removed with its stack.
            RemovalPolicy = RemovalPolicy.SNAPSHOT,
        });
    }

    /// <summary>Host, port and database, without credentials (those come from <see cref="CredentialsSecret"/>).</summary>
    public string ConnectionString =>
        $"Host={_instance.DbInstanceEndpointAddress};Port={_instance.DbInstanceEndpointPort};Database={DatabaseName};SSL Mode=Require";

    /// <summary>The generated secret, JSON with <c>username</c> and <c>password</c> among its fields.</summary>
    public ISecret CredentialsSecret => _instance.Secret!;

    public DatabaseInstance Instance => _instance;

    public void AllowConnectionsFrom(IConnectable client) =>
        _instance.Connections.AllowDefaultPortFrom(client, "PostgreSQL from the container instances");
}
