using System.Text.Json.Nodes;

namespace Usheru.Notification.Infrastructure.Tests;

public sealed class RegistryTests(SynthesizedApp app) : IClassFixture<SynthesizedApp>
{
    private readonly StackTemplate _registry = app.Registry;

    [Fact]
    public void Images_live_in_the_usheru_notification_repository_with_immutable_tags_scanned_on_push()
    {
        var repository = _registry.Properties("AWS::ECR::Repository");

        ((string?)repository["RepositoryName"]).ShouldBe("usheru-notification");
        ((string?)repository["ImageTagMutability"]).ShouldBe("IMMUTABLE");
        ((bool?)repository["ImageScanningConfiguration"]?["ScanOnPush"]).ShouldBe(true);
    }

    [Fact]
    public void The_repository_outlives_its_stack()
    {
        var repository = _registry.Resources("AWS::ECR::Repository").ShouldHaveSingleItem().Value;

        ((string?)repository["DeletionPolicy"]).ShouldBe("Retain");
        ((string?)repository["UpdateReplacePolicy"]).ShouldBe("Retain");
    }

    [Fact]
    public void Untagged_images_expire_and_each_environment_keeps_only_its_newest_images()
    {
        var policy = JsonNode.Parse((string)_registry.Properties("AWS::ECR::Repository")["LifecyclePolicy"]!["LifecyclePolicyText"]!)!;
        var selections = policy["rules"]!.AsArray().Select(rule => rule!["selection"]!).ToList();

        selections.ShouldContain(selection => (string?)selection["tagStatus"] == "untagged" && (string?)selection["countType"] == "sinceImagePushed");
        foreach (var environment in new[] { "development", "production" })
        {
            selections.ShouldContain(selection =>
                (string?)selection["tagStatus"] == "tagged"
                && (string?)selection["tagPrefixList"]![0] == $"{environment}-"
                && (string?)selection["countType"] == "imageCountMoreThan"
                && (int?)selection["countNumber"] == 20);
        }
    }

    [Theory]
    [InBothEnvironments]
    public void Each_environment_starts_on_the_bootstrap_image_until_its_pipeline_records_a_deployment(string environment)
    {
        _registry.Resources("AWS::SSM::Parameter").ShouldContain(parameter =>
            (string?)parameter.Value["Properties"]!["Name"] == $"/usheru/notification/{environment}/deployed-image-tag"
            && (string?)parameter.Value["Properties"]!["Value"] == "bootstrap");
    }
}
