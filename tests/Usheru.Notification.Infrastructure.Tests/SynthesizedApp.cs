using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.CXAPI;

namespace Usheru.Notification.Infrastructure.Tests;

/// <summary>
/// The whole CDK app, synthesized once per test class (the jsii runtime makes each synthesis take
/// seconds) with the placeholder settings of infra/cdk.json, exactly as `cdk synth` sees them.
/// </summary>
public class SynthesizedApp
{
    private readonly Dictionary<string, StackTemplate> _environments;

    public SynthesizedApp() : this(new Dictionary<string, object>())
    {
    }

    /// <param name="context">Context set beside cdk.json's, as <c>-c key=value</c> sets it.</param>
    protected SynthesizedApp(IReadOnlyDictionary<string, object> context)
    {
        // Node 20 works for jsii but prints an end-of-life banner on every start.
        System.Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
        var all = CdkJsonContext();
        foreach (var (key, value) in context)
        {
            all[key] = value;
        }
        var app = new App(new AppProps { Context = all });
        var stacks = Program.Compose(app);
        Assembly = app.Synth();
        Registry = new StackTemplate(stacks.Registry);
        Mail = new StackTemplate(stacks.Mail);
        _environments = stacks.Environments.ToDictionary(pair => pair.Key, pair => new StackTemplate(pair.Value));
    }

    public CloudAssembly Assembly { get; }

    public StackTemplate Registry { get; }

    public StackTemplate Mail { get; }

    public StackTemplate Environment(string name) => _environments[name];

    private static Dictionary<string, object> CdkJsonContext()
    {
        using var cdkJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "cdk.json")));
        return cdkJson.RootElement.GetProperty("context").EnumerateObject()
            .ToDictionary(property => property.Name, property => (object)property.Value.GetString()!);
    }
}
