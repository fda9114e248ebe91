using System.Reflection;
using Xunit.Sdk;

namespace Usheru.Notification.Infrastructure.Tests;

/// <summary>Runs a theory once per environment, passing its name: development, then production.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class InBothEnvironmentsAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [["development"], ["production"]];
}
