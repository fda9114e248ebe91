using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using Amazon.JSII.Runtime.Deputy;
using Constructs;

namespace Usheru.Notification.Infrastructure.Service;

/// <summary>
/// Makes the ECS service wait for the cluster's capacity provider association. CDK creates the
/// association late (in an aspect of the cluster) and adds no dependency, so CloudFormation may
/// create the service first, and a fresh account's first deploy then fails: the service's
/// strategy names a capacity provider the cluster does not have yet.
/// </summary>
internal sealed class AfterCapacityProviderAssociation(Cluster cluster) : DeputyBase, IAspect
{
    public void Visit(IConstruct node)
    {
        if (node is CfnService service)
        {
            foreach (var association in cluster.Node.Children.OfType<CfnClusterCapacityProviderAssociations>())
            {
                service.AddDependency(association);
            }
        }
    }
}
