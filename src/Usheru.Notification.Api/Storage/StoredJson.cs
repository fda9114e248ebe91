using System.Text.Json;

namespace Usheru.Notification.Api.Storage;

/// <summary>JSON as it is kept in text columns: the API's own web conventions (camelCase).</summary>
internal static class StoredJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>
    /// The API's conventions, applied to the HTTP requests and responses and to what is stored alike.
    /// A property given twice (names compared as the request shapes compare them, ignoring case) is
    /// refused rather than silently decided by the last one.
    /// </summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.AllowDuplicateProperties = false;
        options.Converters.Add(new UtcTimestampConverter());
        options.Converters.Add(new ExactJsonNodeConverter());
        return options;
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new JsonException($"Stored JSON for {typeof(T).Name} is null.");

    /// <summary>The value, or null when the JSON does not have the shape of <typeparamref name="T"/>.</summary>
    public static T? TryDeserialize<T>(string json) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
