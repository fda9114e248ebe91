using Amazon.CDK;
using Constructs;
using Usheru.Notification.Infrastructure.Registry;
using Usheru.Notification.Infrastructure.Settings;

namespace Usheru.Notification.Infrastructure.Stacks;

/// <summary>Shared by every environment and deployed first: images outlive any one environment.</summary>
internal sealed class RegistryStack : Stack
{
    public const string Id = "UsheruNotification-registry";

    public RegistryStack(Construct scope, DeploymentSettings settings)
        : base(scope, Id, new StackProps
        {
            Env = settings.ToEnvironment(),
            Description = "Usheru Notification Service: container image registry",
        })
    {
        _ = new ImageRegistry(this, "Images", DeploymentEnvironment.All);
    }
}
