namespace Usheru.Notification.Infrastructure.Registry;

/// <summary>
/// The SSM parameter that remembers which image tag an environment last deployed successfully.
/// <para>
/// Why it exists: the pipeline's ECS deploy action registers task definition revisions outside
/// CloudFormation. If the task definition named a fixed image, the next `cdk deploy` would put
/// that image back (the known pitfall). Instead the task definition reads its tag from this
/// parameter through a CloudFormation parameter of type <c>AWS::SSM::Parameter::Value&lt;String&gt;</c>,
/// which CloudFormation resolves again on every deployment. The pipeline writes the parameter
/// after its deploy stage succeeded, so a later `cdk deploy` renders exactly the image that is
/// running. (A plain <c>-c imageTag=…</c> works only if every operator remembers to pass it.)
/// </para>
/// </summary>
internal static class DeployedImageTag
{
    /// <summary>The tag the parameters start with: an image pushed by hand once, before the first deploy.</summary>
    public const string Bootstrap = "bootstrap";

    public static string ParameterName(string environmentName) =>
        $"/usheru/notification/{environmentName}/deployed-image-tag";
}
