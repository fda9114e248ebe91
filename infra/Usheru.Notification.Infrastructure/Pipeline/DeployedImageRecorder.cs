using Amazon.CDK;
using Amazon.CDK.AWS.CodeBuild;
using Amazon.CDK.AWS.IAM;
using Constructs;
using Usheru.Notification.Infrastructure.Registry;
using Usheru.Notification.Infrastructure.Settings;

namespace Usheru.Notification.Infrastructure.Pipeline;

/// <summary>
/// The pipeline's last step: after ECS accepted the new image, remember its tag in the
/// environment's <see cref="DeployedImageTag"/> parameter, so `cdk deploy` keeps that image.
/// Only a tag whose deployment succeeded is written: one rolled back by the circuit breaker
/// fails the deploy stage and never gets here.
/// </summary>
internal sealed class DeployedImageRecorder : Construct
{
    /// <summary>The variable the Build stage exports (buildspec.yml, env.exported-variables).</summary>
    public const string ImageTagVariable = "IMAGE_TAG";

    public DeployedImageRecorder(Construct scope, string id, DeploymentEnvironment environment)
        : base(scope, id)
    {
        var parameterName = DeployedImageTag.ParameterName(environment.Name);
        Project = new PipelineProject(this, "Project", new PipelineProjectProps
        {
            ProjectName = $"usheru-notification-{environment.Name}-record",
            Description = $"Records the image tag deployed to {environment.Name} in {parameterName}",
            Environment = new BuildEnvironment
            {
                BuildImage = LinuxBuildImage.STANDARD_7_0,
                ComputeType = ComputeType.SMALL,
            },
            Logging = BuildLogs.Kept(this),
            Timeout = Duration.Minutes(5),
            EnvironmentVariables = new Dictionary<string, IBuildEnvironmentVariable>
            {
                ["PARAMETER_NAME"] = new BuildEnvironmentVariable { Value = parameterName },
            },
            BuildSpec = BuildSpec.FromObject(new Dictionary<string, object>
            {
                ["version"] = "0.2",
                ["phases"] = new Dictionary<string, object>
                {
                    ["build"] = new Dictionary<string, object>
                    {
                        ["commands"] = new[]
                        {
                            $"aws ssm put-parameter --name \"$PARAMETER_NAME\" --value \"${ImageTagVariable}\" --type String --overwrite",
                        },
                    },
                },
            }),
        });
        Project.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["ssm:PutParameter"],
            Resources =
            [
                Stack.Of(this).FormatArn(new ArnComponents
                {
                    Service = "ssm",
                    Resource = "parameter",
                    ResourceName = parameterName.TrimStart('/'),
                }),
            ],
        }));
    }

    public PipelineProject Project { get; }
}
