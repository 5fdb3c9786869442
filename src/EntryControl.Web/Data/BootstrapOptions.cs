namespace EntryControl.Web.Data;

/// <summary>The <c>Bootstrap</c> settings: an <c>admin</c> account created at start-up when it does not exist.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    public const string BothOrNeitherMessage = "Bootstrap:AdminEmail and Bootstrap:AdminPassword go together: set both or neither.";

    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }

    /// <summary>One without the other is a mistake that would otherwise pass in silence (no admin is created).</summary>
    public static bool BothOrNeither(BootstrapOptions options) =>
        string.IsNullOrWhiteSpace(options.AdminEmail) == string.IsNullOrWhiteSpace(options.AdminPassword);
}
