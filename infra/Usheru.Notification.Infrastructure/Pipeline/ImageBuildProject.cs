using Amazon.CDK;
using Amazon.CDK.AWS.CodeBuild;
using Amazon.CDK.AWS.ECR;
using Constructs;
using Usheru.Notification.Infrastructure.Service;
using Usheru.Notification.Infrastructure.Settings;

namespace Usheru.Notification.Infrastructure.Pipeline;

/// <summary>
/// The Build stage's CodeBuild project: runs buildspec.yml from the commit (tests, image, push,
/// imagedefinitions.json). Privileged because it runs Docker.
/// </summary>
internal sealed class ImageBuildProject : Construct
{
    public ImageBuildProject(Construct scope, string id, DeploymentEnvironment environment, IRepository repository)
        : base(scope, id)
    {
        Project = new PipelineProject(this, "Project", new PipelineProjectProps
        {
            ProjectName = $"usheru-notification-{environment.Name}-build",
            Description = $"Tests, builds and pushes the notification image for {environment.Name}",
            BuildSpec = BuildSpec.FromSourceFilename("buildspec.yml"),
            Environment = new BuildEnvironment
            {
                BuildImage = LinuxBuildImage.STANDARD_7_0,
                ComputeType = ComputeType.MEDIUM,
                Privileged = true,
            },
            // Keeps the restore layer between builds on the same host: most builds skip restore.
            Cache = Cache.Local(LocalCacheMode.DOCKER_LAYER),
            Logging = BuildLogs.Kept(this),
            // Three test projects, cfn-lint and the image: about 20 minutes on a medium host.
            Timeout = Duration.Minutes(60),
            EnvironmentVariables = new Dictionary<string, IBuildEnvironmentVariable>
            {
                ["REPOSITORY_URI"] = new BuildEnvironmentVariable { Value = repository.RepositoryUri },
                // Tags start with the environment: both pipelines may build the same commit with
                // the same build number, and ECR tags are immutable.
                ["IMAGE_TAG_PREFIX"] = new BuildEnvironmentVariable { Value = environment.Name },
                ["TASK_CONTAINER_NAME"] = new BuildEnvironmentVariable { Value = NotificationTaskDefinition.ContainerName },
            },
        });
        repository.GrantPullPush(Project);
    }

    public PipelineProject Project { get; }
}
