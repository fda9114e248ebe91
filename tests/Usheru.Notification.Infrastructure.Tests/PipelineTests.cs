using System.Text.Json.Nodes;

namespace Usheru.Notification.Infrastructure.Tests;

public sealed class PipelineTests(SynthesizedApp app) : IClassFixture<SynthesizedApp>
{
    [Theory]
    [InlineData("development", "test")]
    [InlineData("production", "main")]
    public void Each_environment_deploys_its_own_branch_from_GitHub_through_the_connection(string environment, string branch)
    {
        var source = Action(app.Environment(environment), "Source")["Configuration"]!;

        ((string?)source["BranchName"]).ShouldBe(branch);
        // The GitHub repository is usheru-notification (a wrong name fails the first Source run).
        ((string?)source["FullRepositoryId"]).ShouldBe("usheru/usheru-notification");
        ((string?)source["ConnectionArn"]).ShouldStartWith("arn:aws:codestar-connections:eu-west-1:123456789012:connection/");
    }

    [Theory]
    [InBothEnvironments]
    public void The_V2_pipeline_runs_source_build_deploy_then_record_with_their_providers(string environment)
    {
        var pipeline = app.Environment(environment).Properties("AWS::CodePipeline::Pipeline");
        var stages = pipeline["Stages"]!.AsArray()
            .Select(stage => $"{stage!["Name"]}:{stage["Actions"]![0]!["ActionTypeId"]!["Provider"]}");

        ((string?)pipeline["PipelineType"]).ShouldBe("V2");
        stages.ShouldBe(["Source:CodeStarSourceConnection", "Build:CodeBuild", "Deploy:ECS", "Record:CodeBuild"]);
    }

    [Theory]
    [InBothEnvironments]
    public void Source_outputs_SourceArtifact_which_Build_turns_into_BuildArtifact_for_Deploy(string environment)
    {
        var template = app.Environment(environment);

        ((string?)Action(template, "Source")["OutputArtifacts"]![0]!["Name"]).ShouldBe("SourceArtifact");
        ((string?)Action(template, "Build")["InputArtifacts"]![0]!["Name"]).ShouldBe("SourceArtifact");
        ((string?)Action(template, "Build")["OutputArtifacts"]![0]!["Name"]).ShouldBe("BuildArtifact");
        ((string?)Action(template, "Deploy")["InputArtifacts"]![0]!["Name"]).ShouldBe("BuildArtifact");
    }

    [Theory]
    [InBothEnvironments]
    public void Build_runs_the_commits_buildspec_in_a_privileged_project(string environment)
    {
        var template = app.Environment(environment);
        var project = template.Referenced(Action(template, "Build")["Configuration"]!["ProjectName"])["Properties"]!;

        ((string?)project["Source"]!["Type"]).ShouldBe("CODEPIPELINE");
        ((string?)project["Source"]!["BuildSpec"]).ShouldBe("buildspec.yml");
        ((bool?)project["Environment"]!["PrivilegedMode"]).ShouldBe(true);
        ((string?)project["Environment"]!["Image"]).ShouldStartWith("aws/codebuild/standard:");
    }

    [Theory]
    [InBothEnvironments]
    public void Build_is_told_the_repository_the_tag_prefix_and_the_container_name(string environment)
    {
        var template = app.Environment(environment);
        var variables = template.Referenced(Action(template, "Build")["Configuration"]!["ProjectName"])["Properties"]!["Environment"]!["EnvironmentVariables"]!.AsArray();

        Variable(variables, "REPOSITORY_URI").ShouldNotBeNull().ToJsonString().ShouldContain("/usheru-notification");
        ((string?)Variable(variables, "IMAGE_TAG_PREFIX")).ShouldBe(environment);
        ((string?)Variable(variables, "TASK_CONTAINER_NAME")).ShouldBe("notification");
    }

    [Theory]
    [InBothEnvironments]
    public void Build_may_push_to_the_image_repository(string environment)
    {
        var template = app.Environment(environment);
        var buildRole = template.Referenced(Action(template, "Build")["Configuration"]!["ProjectName"])["Properties"]!["ServiceRole"];

        Statements(template, buildRole).ShouldContain(statement => Allows(statement, "ecr:PutImage", ":repository/usheru-notification"));
    }

    [Theory]
    [InBothEnvironments]
    public void Deploy_rolls_imagedefinitions_json_out_to_the_environment_service(string environment)
    {
        var template = app.Environment(environment);
        var deploy = Action(template, "Deploy")["Configuration"]!;

        ((string?)deploy["FileName"]).ShouldBe("imagedefinitions.json");
        template.TypeOf(deploy["ServiceName"]).ShouldBe("AWS::ECS::Service");
        template.TypeOf(deploy["ClusterName"]).ShouldBe("AWS::ECS::Cluster");
    }

    [Theory]
    [InBothEnvironments]
    public void The_pipeline_may_use_the_GitHub_connection_whichever_prefix_its_ARN_has(string environment)
    {
        var template = app.Environment(environment);
        var statements = Statements(template, Action(template, "Source")["RoleArn"]);

        statements.ShouldContain(statement => Allows(statement, "codestar-connections:UseConnection", ":connection/"));
        statements.ShouldContain(statement => Allows(statement, "codeconnections:UseConnection", ":connection/"));
    }

    [Theory]
    [InBothEnvironments]
    public void Artifacts_are_never_public_and_only_reachable_over_TLS(string environment)
    {
        var template = app.Environment(environment);
        var bucket = template.Referenced(template.Properties("AWS::CodePipeline::Pipeline")["ArtifactStore"]!["Location"]);
        var denyPlainHttp = template.Properties("AWS::S3::BucketPolicy")["PolicyDocument"]!["Statement"]!.AsArray()
            .Where(statement => (string?)statement!["Effect"] == "Deny")
            .ShouldHaveSingleItem()!;

        bucket["Properties"]!["PublicAccessBlockConfiguration"]!.AsObject()
            .Select(setting => (string?)setting.Key + "=" + setting.Value)
            .ShouldBe(["BlockPublicAcls=true", "BlockPublicPolicy=true", "IgnorePublicAcls=true", "RestrictPublicBuckets=true"], ignoreOrder: true);
        ((string?)denyPlainHttp["Condition"]!["Bool"]!["aws:SecureTransport"]).ShouldBe("false");
    }

    [Theory]
    [InBothEnvironments]
    public void The_tag_is_recorded_for_the_next_cdk_deploy_only_after_a_successful_deploy(string environment)
    {
        var template = app.Environment(environment);
        var record = Action(template, "Record");
        var recordRole = template.Referenced(record["Configuration"]!["ProjectName"])["Properties"]!["ServiceRole"];

        ((string?)Action(template, "Build")["Namespace"]).ShouldBe("Build");
        ((string?)record["Configuration"]!["EnvironmentVariables"]).ShouldNotBeNull().ShouldContain("#{Build.IMAGE_TAG}");
        Statements(template, recordRole).ShouldContain(statement =>
            Allows(statement, "ssm:PutParameter", $":parameter/usheru/notification/{environment}/deployed-image-tag"));
    }

    private static JsonObject Action(StackTemplate template, string stage) => template.PipelineAction(stage);

    private static JsonNode? Variable(JsonArray variables, string name) =>
        variables.Where(variable => (string?)variable!["Name"] == name).ShouldHaveSingleItem($"variable {name}")!["Value"];

    /// <summary>Whether an IAM statement allows <paramref name="action"/> on a resource whose ARN contains <paramref name="resource"/>.</summary>
    private static bool Allows(JsonNode statement, string action, string resource)
    {
        var actions = statement["Action"] is JsonArray list ? list.Select(item => (string?)item) : [(string?)statement["Action"]];
        return (string?)statement["Effect"] == "Allow"
            && actions.Contains(action)
            && statement["Resource"]!.ToJsonString().Contains(resource, StringComparison.Ordinal);
    }

    /// <summary>Every statement of the IAM policies attached to the role a Ref or GetAtt points at.</summary>
    private static List<JsonNode> Statements(StackTemplate template, JsonNode? role)
    {
        var roleId = role?["Ref"]?.GetValue<string>() ?? role?["Fn::GetAtt"]?[0]?.GetValue<string>();
        return template.Resources("AWS::IAM::Policy")
            .Select(policy => policy.Value["Properties"]!)
            .Where(policy => policy["Roles"] is JsonArray roles && roles.Any(attached => (string?)attached!["Ref"] == roleId))
            .SelectMany(policy => policy["PolicyDocument"]!["Statement"]!.AsArray())
            .Select(statement => statement!)
            .ToList();
    }
}
