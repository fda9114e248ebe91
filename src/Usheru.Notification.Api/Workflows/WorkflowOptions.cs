using System.ComponentModel.DataAnnotations;

namespace Usheru.Notification.Api.Workflows;

internal sealed class WorkflowOptions : IValidatableObject
{
    public const string Section = "Workflows";

    /// <summary>The IANA time zone of <c>window</c> steps for recipients who have none.</summary>
    public string DefaultTimezone { get; set; } = "UTC";

    public TimeZoneInfo DefaultZone => TimeZoneInfo.FindSystemTimeZoneById(DefaultTimezone);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(DefaultTimezone, out _))
        {
            yield return new ValidationResult($"Workflows:DefaultTimezone '{DefaultTimezone}' is not an IANA time zone like 'Europe/Dublin'.", [nameof(DefaultTimezone)]);
        }
    }
}
