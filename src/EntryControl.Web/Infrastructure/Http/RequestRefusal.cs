namespace EntryControl.Web.Infrastructure.Http;

/// <summary>
/// Why a page request was refused before a page could answer it (a resource key of <c>SharedResource</c>): the status
/// page re-executed for the refusal shows that message instead of a bare status.
/// </summary>
public sealed record RequestRefusal(string MessageKey)
{
    public const string InvalidCharacters = "Status.InvalidCharacters";
    public const string FormExpired = "Status.FormExpired";
    public const string UnsupportedCharset = "Status.UnsupportedCharset";
    public const string Unreadable = "Status.Unreadable";

    public static void Set(HttpContext context, string messageKey) => context.Features.Set(new RequestRefusal(messageKey));
}
