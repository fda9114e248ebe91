using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.Assertions;

namespace Usheru.Notification.Infrastructure.Tests;

/// <summary>
/// One synthesized stack: CDK's <see cref="Assertions"/> for pattern matches, and the template as
/// JSON for comparisons between resources (references followed by logical id).
/// </summary>
public sealed class StackTemplate
{
    internal StackTemplate(Stack stack)
    {
        Assertions = Template.FromStack(stack);
        Json = JsonNode.Parse(JsonSerializer.Serialize(Assertions.ToJSON()))!.AsObject();
        StackName = stack.StackName;
    }

    public Template Assertions { get; }

    public JsonObject Json { get; }

    public string StackName { get; }

    public IReadOnlyList<KeyValuePair<string, JsonObject>> Resources(string type) =>
        Json["Resources"]!.AsObject()
            .Where(resource => (string?)resource.Value!["Type"] == type)
            .Select(resource => KeyValuePair.Create(resource.Key, resource.Value!.AsObject()))
            .ToList();

    /// <summary>The properties of the one resource of <paramref name="type"/>.</summary>
    public JsonObject Properties(string type) =>
        Resources(type).ShouldHaveSingleItem($"one {type} in {StackName}").Value["Properties"]!.AsObject();

    /// <summary>The resource a <c>Ref</c> or <c>Fn::GetAtt</c> points at.</summary>
    public JsonObject Referenced(JsonNode? reference)
    {
        var id = reference?["Ref"]?.GetValue<string>() ?? reference?["Fn::GetAtt"]?[0]?.GetValue<string>();
        id.ShouldNotBeNull($"{reference?.ToJsonString()} is a Ref or Fn::GetAtt");
        return Json["Resources"]![id]!.AsObject();
    }

    public string TypeOf(JsonNode? reference) => (string)Referenced(reference)["Type"]!;

    /// <summary>The single container of the task definition.</summary>
    public JsonObject Container() =>
        Properties("AWS::ECS::TaskDefinition")["ContainerDefinitions"]!.AsArray().ShouldHaveSingleItem()!.AsObject();

    /// <summary>The one action of a stage of the pipeline.</summary>
    public JsonObject PipelineAction(string stage) =>
        Properties("AWS::CodePipeline::Pipeline")["Stages"]!.AsArray()
            .Where(candidate => (string?)candidate!["Name"] == stage)
            .ShouldHaveSingleItem($"one {stage} stage")!["Actions"]!.AsArray()
            .ShouldHaveSingleItem()!.AsObject();

    /// <summary>The logical id a <c>Ref</c> or <c>Fn::GetAtt</c> names.</summary>
    public static string? LogicalId(JsonNode? reference) =>
        reference?["Ref"]?.GetValue<string>() ?? reference?["Fn::GetAtt"]?[0]?.GetValue<string>();

    /// <summary>The logical ids a resource waits for.</summary>
    public IReadOnlyList<string> DependsOn(string logicalId) =>
        Json["Resources"]![logicalId]!["DependsOn"] is JsonArray list ? [.. list.Select(item => (string)item!)] : [];

    /// <summary>The value of an environment variable or the ValueFrom of a secret of the container.</summary>
    public JsonNode? ContainerSetting(string list, string name) =>
        Container()[list]!.AsArray()
            .Where(item => (string?)item!["Name"] == name)
            .ShouldHaveSingleItem($"container {list} has {name}")!
            [list == "Secrets" ? "ValueFrom" : "Value"];
}
