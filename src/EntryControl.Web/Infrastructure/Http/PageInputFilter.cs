using System.Collections;
using System.Reflection;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EntryControl.Web.Infrastructure.Http;

/// <summary>
/// What a page answers when its input could not be taken: a failed antiforgery check says the form expired (the status
/// page shows it, not a bare 400), and a yes/no field sent a value that is neither (<c>?Input.HasCertificate=maybe</c>)
/// is reported on the page instead of failing the checkbox's rendering.
/// </summary>
public sealed class PageInputFilter : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is IAntiforgeryValidationFailedResult)
        {
            RequestRefusal.Set(context.HttpContext, RequestRefusal.FormExpired);
            return;
        }

        if (context.Controller is not PageModel page || page.ModelState.IsValid)
        {
            return;
        }

        foreach (var (key, entry) in page.ModelState.ToArray())
        {
            if (entry is { ValidationState: ModelValidationState.Invalid, RawValue: not null }
                && !bool.TryParse(entry.AttemptedValue, out _) && IsBoolean(page.GetType(), key))
            {
                // The checkbox tag helper converts the attempted value to bool and would throw on "maybe".
                page.ModelState.SetModelValue(key, rawValue: null, attemptedValue: null);
                foreach (var error in entry.Errors.ToArray())
                {
                    page.ModelState.AddModelError(string.Empty, error.ErrorMessage);
                }
            }
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }

    /// <summary>Whether a model state key (<c>Input.Stays[0].Flag</c>) names a bool property of the page model.</summary>
    private static bool IsBoolean(Type model, string key)
    {
        var type = model;
        foreach (var segment in key.Split('.'))
        {
            var name = segment.Split('[')[0];
            var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                return false;
            }

            type = property.PropertyType;
            if (segment.Contains('[', StringComparison.Ordinal) && type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
            {
                type = type.IsArray ? type.GetElementType()! : type.GetGenericArguments().LastOrDefault() ?? typeof(object);
            }
        }

        return Nullable.GetUnderlyingType(type) is { } underlying ? underlying == typeof(bool) : type == typeof(bool);
    }
}
