using System.ComponentModel.DataAnnotations;

namespace EntryControl.Web.Features.Retention;

/// <summary>The <c>Retention</c> settings.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>
    /// A declaration's personal data are erased this many days after its last measure phase ends (or, with no phase,
    /// after the arrival day): PIPL art. 19, kept no longer than the purpose needs.
    /// </summary>
    [Range(1, 3650, ErrorMessage = "Retention:PersonalDataDays must be between {1} and {2}.")]
    public int PersonalDataDays { get; set; } = 28;
}
