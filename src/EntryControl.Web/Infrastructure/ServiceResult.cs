using FluentValidation.Results;

namespace EntryControl.Web.Infrastructure;

/// <summary>
/// What an application service answers: a value, or an expected failure that both front ends show
/// (a page copies <see cref="Invalid.Errors"/> into ModelState; an endpoint maps it to a problem).
/// </summary>
public abstract record ServiceResult<T>
{
    private ServiceResult()
    {
    }

    public sealed record Ok(T Value) : ServiceResult<T>;

    /// <summary>Bad input: camelCase field paths (<c>stays[0].from</c>) with their messages.</summary>
    public sealed record Invalid(IDictionary<string, string[]> Errors) : ServiceResult<T>;

    public sealed record NotFound(string Detail) : ServiceResult<T>;

    public sealed record Conflict(string Detail) : ServiceResult<T>;

    /// <summary>The request is well formed but cannot be processed (e.g. no policy in force).</summary>
    public sealed record Unprocessable(string Detail) : ServiceResult<T>;

    public sealed record Forbidden(string Detail) : ServiceResult<T>;

    public static implicit operator ServiceResult<T>(T value) => new Ok(value);
}

public static class ServiceResult
{
    public static ServiceResult<T> Invalid<T>(string field, string message) =>
        new ServiceResult<T>.Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ServiceResult<T> Invalid<T>(ValidationResult validation) =>
        new ServiceResult<T>.Invalid(validation.ToErrorDictionary());

    /// <summary>FluentValidation failures keyed by camelCase property path, as the API's <c>errors</c> map names fields.</summary>
    public static Dictionary<string, string[]> ToErrorDictionary(this ValidationResult validation) =>
        validation.Errors
            .GroupBy(e => CamelCasePath(e.PropertyName), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);

    public static string CamelCasePath(string path) =>
        string.Join('.', path.Split('.').Select(segment =>
            segment.Length == 0 || char.IsLower(segment[0]) ? segment : char.ToLowerInvariant(segment[0]) + segment[1..]));
}
