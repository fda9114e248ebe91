using Amazon.CDK;
using Usheru.Notification.Infrastructure.Settings;
using Usheru.Notification.Infrastructure.Stacks;

// The delivery path of the Usheru Notification Service (docs/deployment.md): one image registry
// shared by all environments, then per environment its network, database, ECS service behind
// HTTPS, and the pipeline that deploys its branch. Settings come from the CDK context.
var app = new App();
Program.Compose(app);
app.Synth();

internal sealed partial class Program
{
    internal static DeliveryStacks Compose(App app)
    {
        var settings = DeploymentSettings.FromContext(app.Node);
        var registry = new RegistryStack(app, settings);
        var mail = new MailStack(app, settings);
        var environments = DeploymentEnvironment.All.ToDictionary(
            environment => environment.Name,
            environment =>
            {
                var stack = new NotificationEnvironmentStack(app, settings, environment);
                // The repository and the deployed-tag parameters must exist before any task starts.
                stack.AddDependency(registry);
                // Mail is sent from the domain identity; it must exist (and verify) first.
                stack.AddDependency(mail);
                return stack;
            });
        return new DeliveryStacks(registry, mail, environments);
    }
}
