using System.Text.RegularExpressions;

namespace Usheru.Notification.Infrastructure.Tests;

/// <summary>
/// What broke, or would have broken, the first deploy into a fresh account. Each assertion fails
/// if its breaker comes back.
/// </summary>
public sealed partial class FirstDeployBreakerTests(SynthesizedApp app) : IClassFixture<SynthesizedApp>
{
    /// <summary>PostgreSQL 16 minors RDS still creates, per cfn-lint 1.51.0's data (16.1-16.5 and 16.7 are deprecated).</summary>
    private static readonly string[] CreatableVersions = ["16.6", "16.8", "16.9", "16.10", "16.11", "16.12", "16.13"];

    [Theory]
    [InBothEnvironments]
    public void The_database_runs_a_PostgreSQL_16_minor_that_RDS_still_creates(string environment)
    {
        var database = app.Environment(environment).Properties("AWS::RDS::DBInstance");

        ((string?)database["EngineVersion"]).ShouldBeOneOf(CreatableVersions);
    }

    [Theory]
    [InBothEnvironments]
    public void The_service_is_created_after_the_capacity_provider_is_associated_with_the_cluster(string environment)
    {
        var template = app.Environment(environment);
        var association = template.Resources("AWS::ECS::ClusterCapacityProviderAssociations").ShouldHaveSingleItem().Key;
        var service = template.Resources("AWS::ECS::Service").ShouldHaveSingleItem().Key;

        template.DependsOn(service).ShouldContain(association);
    }

    [Theory]
    [InBothEnvironments]
    public void The_build_is_told_the_commit_the_Source_action_fetched(string environment)
    {
        var template = app.Environment(environment);

        ((string?)template.PipelineAction("Source")["Namespace"]).ShouldBe("Source");
        ((string?)template.PipelineAction("Build")["Configuration"]!["EnvironmentVariables"]).ShouldNotBeNull()
            .ShouldContain("""{"name":"SOURCE_COMMIT_ID","type":"PLAINTEXT","value":"#{Source.CommitId}"}""");
    }

    [Fact]
    public void The_image_tag_needs_only_the_pipeline_s_commit_variable_not_CodeBuild_s()
    {
        const string commit = "0123456789abcdef0123456789abcdef01234567";

        var (exitCode, output) = RepositoryFiles.RunScript("scripts/image-tag.sh",
            new Dictionary<string, string> { ["IMAGE_TAG_PREFIX"] = "production", ["SOURCE_COMMIT_ID"] = commit, ["CODEBUILD_BUILD_NUMBER"] = "41" }, "tag");

        exitCode.ShouldBe(0, output);
        output.Trim().ShouldBe("production-0123456789ab-41");
    }

    [Fact]
    public void The_Dockerfile_never_makes_BuildKit_reach_Docker_Hub()
    {
        var dockerfile = RepositoryFiles.Read("Dockerfile");
        var stages = new List<string>();

        dockerfile.ShouldNotMatch(@"(?m)^\s*#\s*syntax\s*=");
        foreach (Match from in FromLine().Matches(dockerfile))
        {
            var image = from.Groups["image"].Value;
            (image.StartsWith("mcr.microsoft.com/", StringComparison.Ordinal) || image == "scratch" || stages.Contains(image))
                .ShouldBeTrue($"FROM {image} is neither mcr.microsoft.com nor an earlier stage");
            stages.Add(from.Groups["stage"].Value);
        }
        stages.ShouldContain("runtime");
    }

    [Theory]
    [InlineData("buildspec.yml")]
    [InlineData("docs/deployment.md")]
    public void Every_docker_build_makes_an_x86_64_image_whatever_machine_builds_it(string file)
    {
        var builds = RepositoryFiles.Read(file).Split('\n').Where(line => line.Contains("docker build", StringComparison.Ordinal)).ToList();

        builds.ShouldNotBeEmpty();
        builds.ShouldAllBe(line => line.Contains("--platform linux/amd64", StringComparison.Ordinal));
    }

    [Fact]
    public void The_pipeline_runs_all_three_test_projects_and_fails_on_any_cfn_lint_error()
    {
        var dockerfile = RepositoryFiles.Read("Dockerfile");
        var buildspec = RepositoryFiles.Read("buildspec.yml");

        dockerfile.ShouldContain("tests/Usheru.Notification.Api.Tests/Usheru.Notification.Api.Tests.csproj");
        dockerfile.ShouldContain("for project in Client Infrastructure");
        dockerfile.ShouldContain("CDK_OUTDIR=/testresults/cdk.out");
        buildspec.ShouldContain("pip3 install --quiet cfn-lint==1.51.0");
        buildspec.ShouldContain("cfn-lint --non-zero-exit-code error TestResults/cdk.out/*.template.json");
        buildspec.IndexOf("cfn-lint --non-zero-exit-code", StringComparison.Ordinal)
            .ShouldBeLessThan(buildspec.IndexOf("--tag \"$IMAGE_URI\"", StringComparison.Ordinal), "lint gates the image");
    }

    [Fact]
    public void The_pipeline_s_test_stage_contains_every_repository_file_the_infrastructure_tests_read()
    {
        var copied = CopiedInto("test-run", RepositoryFiles.Read("Dockerfile"));
        var ignore = RepositoryFiles.Read(".dockerignore").Split('\n').Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#')).ToList();

        foreach (var file in RepositoryFiles.Used)
        {
            copied.Any(source => source == file || (source.EndsWith('/') && file.StartsWith(source, StringComparison.Ordinal)))
                .ShouldBeTrue($"the test stage never copies {file}");
            IsIgnored(file, ignore).ShouldBeFalse($".dockerignore keeps {file} out of the build context");
        }
    }

    /// <summary>The sources of the COPY lines (not --from) of a stage and the stages it is built on.</summary>
    private static List<string> CopiedInto(string stage, string dockerfile)
    {
        var sources = new Dictionary<string, List<string>>();
        var parents = new Dictionary<string, string>();
        List<string>? current = null;
        foreach (var line in dockerfile.Split('\n'))
        {
            if (FromLine().Match(line) is { Success: true } from)
            {
                parents[from.Groups["stage"].Value] = from.Groups["image"].Value;
                sources[from.Groups["stage"].Value] = current = [];
            }
            else if (line.StartsWith("COPY ", StringComparison.Ordinal) && !line.Contains("--from=", StringComparison.Ordinal))
            {
                current.ShouldNotBeNull().AddRange(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1]);
            }
        }
        var copied = new List<string>();
        for (var name = stage; sources.TryGetValue(name, out var own); name = parents[name])
        {
            copied.AddRange(own);
        }
        copied.ShouldNotBeEmpty($"no stage {stage}");
        return copied;
    }

    /// <summary>.dockerignore's rule: the last pattern matching the path or one of its folders decides.</summary>
    private static bool IsIgnored(string path, IEnumerable<string> patterns)
    {
        var ignored = false;
        foreach (var pattern in patterns)
        {
            var exception = pattern.StartsWith('!');
            var glob = "^" + Regex.Escape(pattern.TrimStart('!').TrimEnd('/'))
                .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal)
                .Replace(@"\?", "[^/]", StringComparison.Ordinal) + "(/.*)?$";
            if (Regex.IsMatch(path, glob))
            {
                ignored = !exception;
            }
        }
        return ignored;
    }

    [GeneratedRegex(@"(?m)^FROM\s+(?<image>\S+)(\s+AS\s+(?<stage>\S+))?", RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();
}
