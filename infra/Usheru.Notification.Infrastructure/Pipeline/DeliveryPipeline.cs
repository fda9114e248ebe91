using Amazon.CDK;
using Amazon.CDK.AWS.CodeBuild;
using Amazon.CDK.AWS.CodePipeline;
using Amazon.CDK.AWS.CodePipeline.Actions;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Constructs;
using Usheru.Notification.Infrastructure.Settings;
using LifecycleRule = Amazon.CDK.AWS.S3.LifecycleRule;

namespace Usheru.Notification.Infrastructure.Pipeline;

/// <summary>
/// From a push on the environment's branch to running tasks: Source (GitHub through a CodeStar
/// connection), Build (tests, image, push to ECR), Deploy (ECS rolling update from
/// imagedefinitions.json), Record (the deployed tag, see <see cref="DeployedImageRecorder"/>).
/// </summary>
internal sealed class DeliveryPipeline : Construct
{
    public const string SourceArtifactName = "SourceArtifact";
    public const string BuildArtifactName = "BuildArtifact";
    public const string ImageDefinitionsFile = "imagedefinitions.json";

    /// <summary>The commit the Source action fetched, for scripts/image-tag.sh (CodeBuild does not resolve it for a pipeline's zip).</summary>
    public const string CommitVariable = "SOURCE_COMMIT_ID";

    public DeliveryPipeline(
        Construct scope, string id, DeploymentSettings settings, DeploymentEnvironment environment, IRepository repository, IBaseService service)
        : base(scope, id)
    {
        var source = new Artifact_(SourceArtifactName);
        var built = new Artifact_(BuildArtifactName);
        var fetch = new CodeStarConnectionsSourceAction(new CodeStarConnectionsSourceActionProps
        {
            ActionName = "GitHub",
            ConnectionArn = settings.ConnectionArn,
            Owner = settings.GitHubOwner,
            Repo = settings.GitHubRepo,
            Branch = environment.Branch,
            Output = source,
            TriggerOnPush = true,
            Role = SourceRole(settings.ConnectionArn),
            VariablesNamespace = "Source",
        });
        var build = new CodeBuildAction(new CodeBuildActionProps
        {
            ActionName = "BuildImage",
            Project = new ImageBuildProject(this, "Build", environment, repository).Project,
            Input = source,
            Outputs = [built],
            VariablesNamespace = "Build",
            EnvironmentVariables = new Dictionary<string, IBuildEnvironmentVariable>
            {
                [CommitVariable] = new BuildEnvironmentVariable { Value = fetch.Variables.CommitId },
            },
        });

        Pipeline = new Amazon.CDK.AWS.CodePipeline.Pipeline(this, "Pipeline", new PipelineProps
        {
            PipelineName = $"usheru-notification-{environment.Name}",
            PipelineType = PipelineType.V2,
            ArtifactBucket = ArtifactBucket(),
            Stages =
            [
                Stage("Source", fetch),
                Stage("Build", build),
                Stage("Deploy", new EcsDeployAction(new EcsDeployActionProps
                {
                    ActionName = "DeployService",
                    Service = service,
                    ImageFile = built.AtPath(ImageDefinitionsFile),
                    DeploymentTimeout = Duration.Minutes(30),
                })),
                Stage("Record", new CodeBuildAction(new CodeBuildActionProps
                {
                    ActionName = "RecordDeployedImage",
                    Project = new DeployedImageRecorder(this, "Record", environment).Project,
                    Input = built,
                    EnvironmentVariables = new Dictionary<string, IBuildEnvironmentVariable>
                    {
                        [DeployedImageRecorder.ImageTagVariable] = new BuildEnvironmentVariable
                        {
                            Value = build.Variable(DeployedImageRecorder.ImageTagVariable),
                        },
                    },
                })),
            ],
        });
    }

    public Amazon.CDK.AWS.CodePipeline.Pipeline Pipeline { get; }

    /// <summary>
    /// CDK grants the source action <c>codestar-connections:UseConnection</c>; connections created
    /// since July 2024 have <c>codeconnections</c> ARNs, and IAM only matches an action whose
    /// prefix is the ARN's. Both are granted, so either kind of connection works.
    /// </summary>
    private Role SourceRole(string connectionArn)
    {
        var role = new Role(this, "SourceRole", new RoleProps { AssumedBy = new AccountRootPrincipal() });
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["codeconnections:UseConnection"],
            Resources = [connectionArn],
        }));
        return role;
    }

    private Bucket ArtifactBucket() => new(this, "Artifacts", new BucketProps
    {
        // Artifacts hold the source code: never public, never over plain HTTP.
        BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
        EnforceSSL = true,
        Encryption = BucketEncryption.S3_MANAGED,
        LifecycleRules = [new LifecycleRule { Expiration = Duration.Days(30) }],
    });

    private static Amazon.CDK.AWS.CodePipeline.StageProps Stage(string name, IAction action) => new() { StageName = name, Actions = [action] };
}
