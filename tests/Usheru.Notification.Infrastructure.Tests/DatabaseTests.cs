using System.Text.Json.Nodes;

namespace Usheru.Notification.Infrastructure.Tests;

public sealed class DatabaseTests(SynthesizedApp app) : IClassFixture<SynthesizedApp>
{
    [Theory]
    [InlineData("development", false)]
    [InlineData("production", true)]
    public void Only_production_runs_a_Multi_AZ_database(string environment, bool multiAz)
    {
        var database = app.Environment(environment).Properties("AWS::RDS::DBInstance");

        ((bool?)database["MultiAZ"]).ShouldBe(multiAz);
    }

    [Theory]
    [InlineData("development", "db.t4g.micro")]
    [InlineData("production", "db.t4g.small")]
    public void The_database_is_encrypted_PostgreSQL_of_the_environment_size(string environment, string instanceClass)
    {
        var database = app.Environment(environment).Properties("AWS::RDS::DBInstance");

        ((string?)database["Engine"]).ShouldBe("postgres");
        ((string?)database["DBInstanceClass"]).ShouldBe(instanceClass);
        ((string?)database["DBName"]).ShouldBe("notifications");
        ((bool?)database["StorageEncrypted"]).ShouldBe(true);
    }

    [Theory]
    [InBothEnvironments]
    public void Database_credentials_are_generated_into_Secrets_Manager(string environment)
    {
        var template = app.Environment(environment);
        var password = template.Properties("AWS::RDS::DBInstance")["MasterUserPassword"]!.ToJsonString();
        var generated = template.Resources("AWS::SecretsManager::Secret")
            .Select(secret => secret.Value["Properties"]!["GenerateSecretString"])
            .Where(generator => (string?)generator?["GenerateStringKey"] == "password"
                && ((string?)generator?["SecretStringTemplate"])?.Contains("\"username\":\"notification\"", StringComparison.Ordinal) == true)
            .ShouldHaveSingleItem()!;

        password.ShouldContain("{{resolve:secretsmanager:");
        ((string?)generated["SecretStringTemplate"]).ShouldNotBeNull().ShouldContain("\"username\"");
    }

    [Theory]
    [InBothEnvironments]
    public void Only_the_container_instances_reach_the_database(string environment)
    {
        var template = app.Environment(environment);
        var databaseGroup = template.Properties("AWS::RDS::DBInstance")["VPCSecurityGroups"]![0]!;
        var instanceGroup = template.Properties("AWS::EC2::LaunchTemplate")["LaunchTemplateData"]!["SecurityGroupIds"]![0]!;

        var source = template.Resources("AWS::EC2::SecurityGroupIngress")
            .Select(rule => rule.Value["Properties"]!)
            .Where(rule => JsonNode.DeepEquals(rule["GroupId"], databaseGroup))
            .ShouldHaveSingleItem("one rule lets anything into the database")["SourceSecurityGroupId"];

        JsonNode.DeepEquals(source, instanceGroup).ShouldBeTrue("the database admits the container instances' security group");
        template.Referenced(databaseGroup)["Properties"]!["SecurityGroupIngress"].ShouldBeNull();
    }
}
