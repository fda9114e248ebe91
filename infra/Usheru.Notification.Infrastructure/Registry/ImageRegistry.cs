using Amazon.CDK;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.SSM;
using Constructs;
using Usheru.Notification.Infrastructure.Settings;

namespace Usheru.Notification.Infrastructure.Registry;

/// <summary>
/// The ECR repository all environments pull from, and per environment the parameter naming the
/// image it runs (<see cref="DeployedImageTag"/>).
/// </summary>
internal sealed class ImageRegistry : Construct
{
    public const string RepositoryName = "usheru-notification";

    /// <summary>Images kept per environment: enough to roll back weeks, small enough to cost cents.</summary>
    public const int ImagesKeptPerEnvironment = 20;

    public ImageRegistry(Construct scope, string id, IEnumerable<DeploymentEnvironment> environments)
        : base(scope, id)
    {
        var repository = new Repository(this, "Repository", new RepositoryProps
        {
            RepositoryName = RepositoryName,
            // A tag always means the same image: what ran can be redeployed and audited.
            ImageTagMutability = TagMutability.IMMUTABLE,
            ImageScanOnPush = true,
            // Images are what the running services pull; deleting the stack must not delete them.
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        repository.AddLifecycleRule(new LifecycleRule
        {
            Description = "Expire untagged images (layers of replaced builds)",
            TagStatus = TagStatus.UNTAGGED,
            MaxImageAge = Duration.Days(1),
        });

        foreach (var environment in environments)
        {
            // Counted per environment (tags start with its name): a busy development branch
            // must not expire the image production is running. The bootstrap tag is never expired.
            repository.AddLifecycleRule(new LifecycleRule
            {
                Description = $"Keep the newest {ImagesKeptPerEnvironment} {environment.Name} images",
                TagStatus = TagStatus.TAGGED,
                TagPrefixList = [$"{environment.Name}-"],
                MaxImageCount = ImagesKeptPerEnvironment,
            });

            // CloudFormation sets the value only when it creates the parameter; after that the
            // pipeline owns it. Changing these properties would write the bootstrap tag again.
            _ = new StringParameter(this, $"{environment.Name}DeployedImageTag", new StringParameterProps
            {
                ParameterName = DeployedImageTag.ParameterName(environment.Name),
                StringValue = DeployedImageTag.Bootstrap,
                Description = $"Image tag last deployed to {environment.Name} (written by its pipeline)",
            });
        }
    }
}
