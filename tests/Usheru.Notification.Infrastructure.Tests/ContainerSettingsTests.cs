namespace Usheru.Notification.Infrastructure.Tests;

public sealed class ContainerSettingsTests(SynthesizedApp app) : IClassFixture<SynthesizedApp>
{
    [Theory]
    [InBothEnvironments]
    public void The_service_stores_in_PostgreSQL_at_the_database_endpoint_over_TLS(string environment)
    {
        var template = app.Environment(environment);
        var connectionString = template.ContainerSetting("Environment", "Storage__ConnectionString")!["Fn::Join"]![1]!.ToJsonString();

        ((string?)template.ContainerSetting("Environment", "Storage__Provider")).ShouldBe("postgres");
        connectionString.ShouldContain("\"Host=\"");
        connectionString.ShouldContain("\"Endpoint.Address\"");
        connectionString.ShouldContain("\";Port=\"");
        connectionString.ShouldContain("\"Endpoint.Port\"");
        connectionString.ShouldContain(";Database=notifications;SSL Mode=Require");
    }

    [Theory]
    [InBothEnvironments]
    public void No_credential_is_written_into_the_container_environment(string environment)
    {
        var environmentVariables = app.Environment(environment).Container()["Environment"]!.ToJsonString();

        environmentVariables.ShouldNotContain("Password", Case.Insensitive);
        environmentVariables.ShouldNotContain("Username", Case.Insensitive);
        environmentVariables.ShouldNotContain("BootstrapKey", Case.Insensitive);
    }

    [Theory]
    [InlineData("development", "Storage__Username", "username")]
    [InlineData("development", "Storage__Password", "password")]
    [InlineData("production", "Storage__Username", "username")]
    [InlineData("production", "Storage__Password", "password")]
    public void Database_credentials_are_ECS_secrets_from_the_fields_of_the_database_secret(string environment, string setting, string field)
    {
        var template = app.Environment(environment);
        var valueFrom = template.ContainerSetting("Secrets", setting)!["Fn::Join"]![1]!.AsArray();

        template.TypeOf(valueFrom[0]).ShouldBe("AWS::SecretsManager::SecretTargetAttachment");
        template.TypeOf(template.Referenced(valueFrom[0])["Properties"]!["TargetId"]).ShouldBe("AWS::RDS::DBInstance");
        ((string?)valueFrom[1]).ShouldBe($":{field}::");
    }

    [Theory]
    [InBothEnvironments]
    public void The_bootstrap_key_is_an_ECS_secret_from_a_generated_Secrets_Manager_secret(string environment)
    {
        var template = app.Environment(environment);
        var secret = template.Referenced(template.ContainerSetting("Secrets", "Auth__BootstrapKey"));

        ((string?)secret["Type"]).ShouldBe("AWS::SecretsManager::Secret");
        secret["Properties"]!["GenerateSecretString"].ShouldNotBeNull();
    }

    [Theory]
    [InlineData("development", "notification.develop.usheru.com")]
    [InlineData("production", "notification.usheru.com")]
    public void Links_and_message_ids_use_the_environment_domain(string environment, string domain)
    {
        var template = app.Environment(environment);

        ((string?)template.ContainerSetting("Environment", "PublicBaseUrl")).ShouldBe($"https://{domain}");
        ((string?)template.ContainerSetting("Environment", "Email__MessageIdDomain")).ShouldBe(domain);
    }

    [Theory]
    [InBothEnvironments]
    public void The_dotnet_heap_is_held_to_three_quarters_of_the_container_memory_limit(string environment)
    {
        var template = app.Environment(environment);
        var heapLimit = Convert.ToInt64((string)template.ContainerSetting("Environment", "DOTNET_GCHeapHardLimit")!, 16);

        var containerLimitBytes = template.Container()["Memory"]!.GetValue<long>() * 1024 * 1024;

        heapLimit.ShouldBe(containerLimitBytes * 3 / 4);
    }
}
